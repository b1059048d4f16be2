using System.Text.Json;
using Baton.Agents.Codex;
using Baton.Agents.Codex.Tracking;

namespace Baton.Agents.Codex.Tests;

public sealed class CodexThreadJsonTests
{
    [Theory(Timeout = 30000)]
    [InlineData("""{"type":"active","activeFlags":["waitingOnApproval"]}""", "approve a request (Codex shows it in the session)")]
    [InlineData("""{"type":"active","activeFlags":["waitingOnUserInput"]}""", "answer a question (Codex shows it in the session)")]
    [InlineData("""{"type":"active","activeFlags":["waitingOnApproval","waitingOnUserInput"]}""", "approve a request (Codex shows it in the session); and answer a question (Codex shows it in the session)")]
    [InlineData("""{"type":"active","activeFlags":["waitingOnSomethingNew"]}""", "answer Codex (waitingOnSomethingNew)")]
    [InlineData("""{"type":"active","activeFlags":[]}""", null)]
    [InlineData("""{"type":"active"}""", null)]
    [InlineData("""{"type":"idle"}""", null)]
    public void AwaitedPerson_SaysWhatTheStatusFlagsWaitFor(string status, string? expected)
    {
        using var document = JsonDocument.Parse(status);

        Assert.Equal(expected, CodexThreadJson.AwaitedPerson(document.RootElement));
    }

    [Fact(Timeout = 30000)]
    public void ToSession_ActiveThreadWaitingOnApproval_CarriesIt()
    {
        using var document = JsonDocument.Parse("""{"id":"t1","name":"coder","status":{"type":"active","activeFlags":["waitingOnApproval"]}}""");

        var session = CodexThreadJson.ToSession(document.RootElement);

        Assert.Equal("approve a request (Codex shows it in the session)", session.WaitingFor);
    }

    [Fact(Timeout = 30000)]
    public void ToSession_ThreadWithoutStatus_StoredAndWaitsForNobody()
    {
        using var document = JsonDocument.Parse("""{"id":"t1","name":"coder"}""");

        var session = CodexThreadJson.ToSession(document.RootElement);

        Assert.Equal((Baton.Protocol.SessionState.Stored, null), (session.State, session.WaitingFor));
    }

    [Fact(Timeout = 30000)]
    public void ThreadTracker_TheQuestionItselfOutranksTheStatus_AndAnIdleThreadAsksNothing()
    {
        var thread = new ThreadTracker("t1") { AwaitedPerStatus = "approve a request (Codex shows it in the session)" };
        thread.MarkRunning("turn1");
        Assert.Equal(["approve a request (Codex shows it in the session)"], thread.Questions());

        thread.QuestionsForPerson["7"] = "approve running `git push`";

        Assert.Equal(["approve running `git push`"], thread.Questions());
        thread.MarkIdle();
        Assert.Empty(thread.Questions());
    }
}
