using System.Globalization;
using System.Text.RegularExpressions;

namespace Baton.ScriptedModel;

/// <summary>
/// What the model does, read from the last user message: <c>FAIL</c> anywhere answers HTTP 500; <c>SLOW=&lt;seconds&gt;</c>
/// spreads the reply over that long, so a turn keeps running; <c>RUN=&lt;command&gt;</c> (to the end of the line)
/// first asks Codex to run the command, outside the sandbox (which needs a person's approval unless the approval
/// policy is <c>never</c>), and answers once the command's output comes back; <c>RUN_SANDBOXED=&lt;command&gt;</c>
/// does the same inside Codex's sandbox, as an agent's own commands run; otherwise it answers at once.
/// </summary>
/// <param name="Sandboxed">The <see cref="Command"/> runs inside Codex's sandbox, not outside it.</param>
internal sealed partial record ReplyScript(bool Fail, TimeSpan Duration, string? Command = null, bool Sandboxed = false)
{
    public static ReplyScript From(string? lastUserMessage)
    {
        if (lastUserMessage is null)
        {
            return new ReplyScript(false, TimeSpan.Zero);
        }

        var slow = SlowDirective().Match(lastUserMessage);
        var duration = slow.Success
            ? TimeSpan.FromSeconds(double.Parse(slow.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture))
            : TimeSpan.Zero;
        var run = RunDirective().Match(lastUserMessage);
        return new ReplyScript(
            lastUserMessage.Contains("FAIL", StringComparison.Ordinal), duration, run.Success ? run.Groups[2].Value.Trim() : null, run.Groups[1].Success);
    }

    // Also accepts ".5": a test that asks for half a second should not silently get an instant reply.
    [GeneratedRegex(@"SLOW=(\d+(?:\.\d+)?|\.\d+)")]
    private static partial Regex SlowDirective();

    [GeneratedRegex(@"RUN(_SANDBOXED)?=([^\r\n]+)")]
    private static partial Regex RunDirective();
}
