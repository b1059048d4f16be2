using Baton.Cli;

return await BatonCommandLine.RunAsync(args, CliContext.CreateDefault());
