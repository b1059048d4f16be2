using Baton.Demo;

return await OfflineDemo.RunAsync(Console.Out, Console.Error, CancellationToken.None);
