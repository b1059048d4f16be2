using Baton.Daemon.Hosting;

// The daemon's whole life is in DaemonHost so tests and embedders run the same server in-process.
return await DaemonCommand.RunAsync(args);
