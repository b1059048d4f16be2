using System.Text.Json;
using Baton.Agents.Codex;

namespace Baton.Agents.Codex.Tests;

public sealed class CodexHumanRequestsTests
{
    [Theory(Timeout = 30000)]
    [InlineData("item/commandExecution/requestApproval", """{"threadId":"t","command":"/bin/bash -lc 'git push'"}""", "approve running `/bin/bash -lc 'git push'`")]
    [InlineData("item/commandExecution/requestApproval", """{"threadId":"t","command":null}""", "approve running a command")]
    [InlineData("execCommandApproval", """{"command":["git","push","origin"]}""", "approve running `git push origin`")]
    [InlineData("item/fileChange/requestApproval", """{"threadId":"t"}""", "approve a change to files")]
    [InlineData("item/tool/requestUserInput", """{"threadId":"t"}""", "answer a question")]
    [InlineData("item/somethingNew/requestApproval", """{}""", "answer item/somethingNew/requestApproval")]
    public void Describe_SaysWhatThePersonIsAsked(string method, string parameters, string expected)
    {
        using var document = JsonDocument.Parse(parameters);

        Assert.True(CodexHumanRequests.IsHumanRequest(method));
        Assert.Equal(expected, CodexHumanRequests.Describe(method, document.RootElement));
    }

    [Theory(Timeout = 30000)]
    [InlineData("item/tool/call")]
    [InlineData("account/chatgptAuthTokens/refresh")]
    public void IsHumanRequest_RequestsForTheClientItself_False(string method) =>
        Assert.False(CodexHumanRequests.IsHumanRequest(method));
}
