using System.Net.Sockets;
using System.Text;

namespace Baton.Cli.Tests.Infrastructure;

/// <summary>
/// A Unix socket that accepts one connection, reads one request head (and its Content-Length body), then writes
/// exactly the bytes a test gives and closes: for answers Kestrel would never send (bodies framed only by the end of
/// the connection, interim 100 answers, a hang-up before any answer, garbage).
/// </summary>
public sealed class ScriptedSocketServer : IDisposable
{
    private readonly Socket _listener;

    private ScriptedSocketServer(Socket listener, string socketPath, Task<string> served)
    {
        _listener = listener;
        SocketPath = socketPath;
        RequestHead = served;
    }

    public string SocketPath { get; }

    /// <summary>The head of the request the server read.</summary>
    public Task<string> RequestHead { get; }

    public static ScriptedSocketServer Start(string socketPath, string answer)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        return new ScriptedSocketServer(listener, socketPath, Task.Run(() => ServeOneAsync(listener, answer)));
    }

    private static async Task<string> ServeOneAsync(Socket listener, string answer)
    {
        using var connection = await listener.AcceptAsync();
        var received = new List<byte>();
        var buffer = new byte[4096];
        string head;
        while (true)
        {
            var read = await connection.ReceiveAsync(buffer);
            if (read == 0)
            {
                return Encoding.ASCII.GetString([.. received]);
            }

            received.AddRange(buffer.AsSpan(0, read));
            head = Encoding.ASCII.GetString([.. received]);
            var end = head.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            if (received.Count >= end + 4 + length)
            {
                head = head[..end];
                break;
            }
        }

        await connection.SendAsync(Encoding.UTF8.GetBytes(answer));
        connection.Shutdown(SocketShutdown.Both);
        return head;
    }

    public void Dispose() => _listener.Dispose();
}
