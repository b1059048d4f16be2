namespace Baton.Tests.Infrastructure;

/// <summary>
/// Whether a pid is a running process. A zombie counts as gone: in a container whose PID 1 does not reap orphans,
/// a daemon that exited stays a zombie, and Process.GetProcessById still finds it.
/// </summary>
public static class ProcessState
{
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The state letter follows the parenthesised command name, which may itself hold spaces or parentheses.
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static async Task WaitUntilGoneAsync(int pid, CancellationToken cancellationToken)
    {
        while (IsAlive(pid))
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
