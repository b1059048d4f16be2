using System.Text.Json;
using Baton.Cli.Tests.Infrastructure;
using Baton.Client;
using Baton.Protocol;

namespace Baton.Cli.Tests;

/// <summary>
/// The CLI's blocking calls read HTTP themselves: the framings and failures Kestrel does not produce on its own,
/// written byte for byte by a scripted socket.
/// </summary>
public sealed class BlockingCallsTests
{
    private static readonly string StatusJson = JsonSerializer.Serialize(
        new DaemonStatus
        {
            Pid = 4242,
            Version = "0.0.0-test",
            BatonHome = "/home",
            SocketPath = "/home/baton.sock",
            StartedAt = DateTimeOffset.UnixEpoch,
            Agents = [],
        },
        BatonJsonContext.Default.DaemonStatus);

    [Fact(Timeout = 30000)]
    public async Task GetStatus_BodyFramedByTheEndOfTheConnection_ReadsItWhole()
    {
        using var home = new TempDirectory();
        using var server = ScriptedSocketServer.Start(home.Combine("baton.sock"), "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + StatusJson);
        using var client = new BatonClient(server.SocketPath, bearerToken: "secret-token", blockingCalls: true);

        var status = await client.GetStatusAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4242, status.Pid);
        var head = await server.RequestHead;
        Assert.StartsWith("GET /v1/status HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nAuthorization: Bearer secret-token", head, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task GetStatus_InterimContinueBeforeTheAnswer_ReadsTheRealAnswer()
    {
        using var home = new TempDirectory();
        var answer = "HTTP/1.1 100 Continue\r\n\r\n"
            + $"HTTP/1.1 200 OK\r\nContent-Length: {StatusJson.Length}\r\n\r\n{StatusJson}";
        using var server = ScriptedSocketServer.Start(home.Combine("baton.sock"), answer);
        using var client = new BatonClient(server.SocketPath, blockingCalls: true);

        Assert.Equal(4242, (await client.GetStatusAsync(TestContext.Current.CancellationToken)).Pid);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_ChunkedAnswerWithExtensionsAndTrailer_ReadsTheBody()
    {
        using var home = new TempDirectory();
        var receipt = JsonSerializer.Serialize(Receipts.Make(MessageStatus.Delivered), BatonJsonContext.Default.Receipt);
        var (first, second) = (receipt[..10], receipt[10..]);
        var answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + $"{first.Length:x};name=value\r\n{first}\r\n{second.Length:X}\r\n{second}\r\n0\r\nX-Trailer: 1\r\n\r\n";
        using var server = ScriptedSocketServer.Start(home.Combine("baton.sock"), answer);
        using var client = new BatonClient(server.SocketPath, blockingCalls: true);

        var delivered = await client.InjectAsync("coder", new InjectRequest { Text = "héllo" }, TestContext.Current.CancellationToken);

        Assert.Equal(MessageStatus.Delivered, delivered.Status);
        var head = await server.RequestHead;
        Assert.StartsWith("POST /v1/sessions/coder/messages HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/json", head, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task GetStatus_ClosedBeforeAnyAnswer_ThrowsUnreachableDroppedBeforeAnswer()
    {
        using var home = new TempDirectory();
        using var server = ScriptedSocketServer.Start(home.Combine("baton.sock"), answer: string.Empty);
        using var client = new BatonClient(server.SocketPath, blockingCalls: true);

        var exception = await Assert.ThrowsAsync<DaemonUnreachableException>(() => client.GetStatusAsync(TestContext.Current.CancellationToken));

        Assert.True(exception.DroppedBeforeAnswer);
        Assert.Contains(server.SocketPath, exception.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task GetStatus_BodyCutShortOfItsLength_ThrowsUnreachable()
    {
        using var home = new TempDirectory();
        using var server = ScriptedSocketServer.Start(home.Combine("baton.sock"), $"HTTP/1.1 200 OK\r\nContent-Length: {StatusJson.Length + 50}\r\n\r\n{StatusJson}");
        using var client = new BatonClient(server.SocketPath, blockingCalls: true);

        await Assert.ThrowsAsync<DaemonUnreachableException>(() => client.GetStatusAsync(TestContext.Current.CancellationToken));
    }

    [Theory(Timeout = 30000)]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    public async Task GetStatus_AnswerThatIsNotHttp_ThrowsProtocolException(string answer)
    {
        using var home = new TempDirectory();
        using var server = ScriptedSocketServer.Start(home.Combine("baton.sock"), answer);
        using var client = new BatonClient(server.SocketPath, blockingCalls: true);

        var exception = await Assert.ThrowsAsync<DaemonProtocolException>(() => client.GetStatusAsync(TestContext.Current.CancellationToken));

        Assert.Contains(server.SocketPath, exception.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30000)]
    [InlineData(false)]
    [InlineData(true)]
    public void Client_TokenWithLineBreak_IsRefusedBeforeAnyRequest(bool blockingCalls)
    {
        // The token is written into the request head: a line break would let it add headers of its own.
        var exception = Assert.Throws<ArgumentException>(() => new BatonClient("/tmp/none.sock", "tok\r\nX-Injected: 1", blockingCalls));

        Assert.Equal("bearerToken", exception.ParamName);
    }
}
