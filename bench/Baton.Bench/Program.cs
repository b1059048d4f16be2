using Baton.Bench.CommandLine;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C stops the benchmark, which then stops every process it started.
    e.Cancel = true;
    cancel.Cancel();
};
return await BenchCommandLine.RunAsync(args, Console.Out, Console.Error, cancel.Token);
