using System.Net.Sockets;
using Baton.Cli.Tests.Infrastructure;
using Baton.Client;
using Baton.Protocol;
using Microsoft.AspNetCore.Http;

namespace Baton.Cli.Tests;

/// <summary>Every call both ways: through HttpClient (programs) and with blocking calls (the CLI).</summary>
public sealed class BatonClientTests
{
    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetStatusAsync_RunningDaemon_ReturnsStatus(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var status = await client.GetStatusAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Environment.ProcessId, status.Pid);
        Assert.Equal("codex", Assert.Single(status.Agents).Agent);
        var request = Assert.Single(daemon.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal(ApiRoutes.Status, request.RawTarget);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetStatusAsync_SocketPathAsLongAsLinuxAllows_Connects(bool blockingCalls)
    {
        // 107 bytes and the terminating NUL fill sun_path's 108 on Linux: what the daemon itself can listen on.
        using var home = new TempDirectory();
        var path = home.Combine("s");
        path += new string('s', 107 - System.Text.Encoding.UTF8.GetByteCount(path));
        await using var daemon = await StandInDaemon.StartAsync(path, TestContext.Current.CancellationToken);
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var status = await client.GetStatusAsync(TestContext.Current.CancellationToken);

        Assert.Equal(107, System.Text.Encoding.UTF8.GetByteCount(daemon.SocketPath));
        Assert.Equal(Environment.ProcessId, status.Pid);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InjectAsync_SessionWithReservedCharacters_EscapesPathAndPostsJson(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Queued));
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var receipt = await client.InjectAsync(
            "codex:a b/c?d#e", new InjectRequest { Text = "héllo\n", Mode = DeliveryMode.Steer }, TestContext.Current.CancellationToken);

        Assert.Equal(MessageStatus.Queued, receipt.Status);
        var request = Assert.Single(daemon.Requests);
        Assert.Equal("/v1/sessions/codex%3Aa%20b%2Fc%3Fd%23e/messages", request.RawTarget);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"steer\"", request.Body, StringComparison.Ordinal);
        Assert.Equal("héllo\n", daemon.SingleInject().Text);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InjectAsync_FailedReceiptWith200_ReturnsReceipt(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Failed, error: new ReceiptError("turn_failed", "x")));
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var receipt = await client.InjectAsync("coder", new InjectRequest { Text = "hi" }, TestContext.Current.CancellationToken);

        Assert.Equal(MessageStatus.Failed, receipt.Status);
        Assert.Equal("turn_failed", receipt.Error?.Code);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InjectAsync_ProblemJson_ThrowsApiExceptionWithProblem(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        daemon.AnswerInjectWith(Receipts.Problem(
            ErrorCodes.SessionAmbiguous, 409, "two match", candidates: [Receipts.Coder, Receipts.Coder with { Id = "other" }]));
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var exception = await Assert.ThrowsAsync<BatonApiException>(
            () => client.InjectAsync("coder", new InjectRequest { Text = "hi" }, TestContext.Current.CancellationToken));

        Assert.Equal(409, exception.HttpStatus);
        Assert.Equal(ErrorCodes.SessionAmbiguous, exception.Code);
        Assert.Equal("two match", exception.Message);
        Assert.Equal(2, exception.Problem.Candidates?.Count);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetSessionAsync_ErrorWithoutProblemBody_ThrowsInternalProblem(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        daemon.AnswerEveryRequestWith("upstream exploded", StatusCodes.Status502BadGateway, "text/plain");
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var exception = await Assert.ThrowsAsync<BatonApiException>(
            () => client.GetSessionAsync("coder", TestContext.Current.CancellationToken));

        Assert.Equal(502, exception.HttpStatus);
        Assert.Equal(ErrorCodes.Internal, exception.Code);
        Assert.Contains("upstream exploded", exception.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListSessionsAsync_GarbageBody_ThrowsProtocolException(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        daemon.AnswerEveryRequestWith("{\"sessions\": 12");
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var exception = await Assert.ThrowsAsync<DaemonProtocolException>(
            () => client.ListSessionsAsync(all: true, TestContext.Current.CancellationToken));

        Assert.Contains(daemon.SocketPath, exception.Message, StringComparison.Ordinal);
        Assert.Equal("?all=true", Assert.Single(daemon.Requests).Query);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InjectAsync_200ThatIsNotAReceipt_ThrowsProtocolExceptionNamingTheField(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        // What a daemon of another version, or something else on the socket, might answer.
        daemon.AnswerEveryRequestWith("""{"messageId":"msg_1","status":"sent","session":{"id":"s","agent":"codex"}}""");
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var exception = await Assert.ThrowsAsync<DaemonProtocolException>(
            () => client.InjectAsync("coder", new InjectRequest { Text = "hi" }, TestContext.Current.CancellationToken));

        Assert.Contains(daemon.SocketPath, exception.Message, StringComparison.Ordinal);
        Assert.Contains("invalid Receipt JSON (Expected the receipt's status to be one of queued, delivered", exception.Message, StringComparison.Ordinal);
        Assert.Contains("got 'sent'", exception.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetMessageAsync_Wait_SendsWaitAndTimeoutQuery(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        daemon.Handler = async (context, _) =>
        {
            await StandInDaemon.RespondAsync(context, Receipts.Make(MessageStatus.Completed, reply: "r"), BatonJsonContext.Default.Receipt);
            return true;
        };
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var receipt = await client.GetMessageAsync("msg_1", wait: true, TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);

        Assert.Equal("r", receipt.Reply);
        var request = Assert.Single(daemon.Requests);
        Assert.Equal("/v1/messages/msg_1?wait=true&timeoutMs=1500", request.RawTarget);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetMessageAsync_ReplyLongerThanAnyBuffer_ReadsItWhole(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        var reply = string.Concat(Enumerable.Range(0, 40_000).Select(i => (char)('a' + (i % 26)))) + "é✓";
        daemon.Handler = async (context, _) =>
        {
            await StandInDaemon.RespondAsync(context, Receipts.Make(MessageStatus.Completed, reply: reply), BatonJsonContext.Default.Receipt);
            return true;
        };
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var receipt = await client.GetMessageAsync("msg_1", wait: false, timeout: null, TestContext.Current.CancellationToken);

        Assert.Equal(reply, receipt.Reply);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ShutdownAsync_Accepted_Returns(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        daemon.Handler = (context, request) =>
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return Task.FromResult(true);
        };
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        await client.ShutdownAsync(TestContext.Current.CancellationToken);

        var request = Assert.Single(daemon.Requests);
        Assert.Equal(("POST", ApiRoutes.Shutdown), (request.Method, request.Path));
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetStatusAsync_NoSocketFile_ThrowsDaemonNotRunning(bool blockingCalls)
    {
        using var home = new TempDirectory();
        using var client = new BatonClient(home.Combine("baton.sock"), blockingCalls: blockingCalls);

        var exception = await Assert.ThrowsAsync<DaemonNotRunningException>(
            () => client.GetStatusAsync(TestContext.Current.CancellationToken));

        Assert.Equal(home.Combine("baton.sock"), exception.SocketPath);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetStatusAsync_MissingHomeDirectory_ThrowsDaemonNotRunning(bool blockingCalls)
    {
        using var home = new TempDirectory();
        using var client = new BatonClient(home.Combine("not-yet", "baton.sock"), blockingCalls: blockingCalls);

        await Assert.ThrowsAsync<DaemonNotRunningException>(() => client.GetStatusAsync(TestContext.Current.CancellationToken));
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetStatusAsync_StaleSocketFileNobodyListens_ThrowsDaemonNotRunning(bool blockingCalls)
    {
        using var home = new TempDirectory();
        var path = home.Combine("baton.sock");
        // Bound but not listening: the file exists and connections are refused, as after a daemon crash.
        // (Disposing it would delete the file, so it stays open for the test.)
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(path));

        Assert.True(File.Exists(path));
        using var client = new BatonClient(path, blockingCalls: blockingCalls);

        await Assert.ThrowsAsync<DaemonNotRunningException>(() => client.GetStatusAsync(TestContext.Current.CancellationToken));
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InjectAsync_ConnectionDroppedMidRequest_ThrowsUnreachableNamingSocket(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        daemon.Handler = (context, _) =>
        {
            context.Abort();
            return Task.FromResult(true);
        };
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);

        var exception = await Assert.ThrowsAsync<DaemonUnreachableException>(
            () => client.InjectAsync("coder", new InjectRequest { Text = "hi" }, TestContext.Current.CancellationToken));

        Assert.Contains(daemon.SocketPath, exception.Message, StringComparison.Ordinal);
        Assert.True(exception.DroppedBeforeAnswer);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InjectAsync_CancelledWhileWaiting_ThrowsOperationCanceled(bool blockingCalls)
    {
        using var home = new TempDirectory();
        await using var daemon = await StandInDaemon.StartAsync(home.Combine("baton.sock"), TestContext.Current.CancellationToken);
        daemon.Handler = async (context, _) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return true;
        };
        using var client = new BatonClient(daemon.SocketPath, blockingCalls: blockingCalls);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.InjectAsync("coder", new InjectRequest { Text = "hi", Wait = true }, cancel.Token));
    }
}
