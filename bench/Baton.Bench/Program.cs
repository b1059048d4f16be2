using System.Runtime.InteropServices;
using Baton.Bench.CommandLine;

// Ctrl+C or SIGTERM stops the benchmark, which then stops every process it started.
using var cancel = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await BenchCommandLine.RunAsync(args, Console.Out, Console.Error, cancel.Token);
