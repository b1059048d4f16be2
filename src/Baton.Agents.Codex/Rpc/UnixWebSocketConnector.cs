using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Baton.Agents.Codex.Rpc;

/// <summary>
/// Opens a WebSocket over a Unix socket the way Codex's own clients do: an HTTP/1.1 upgrade on the raw stream,
/// then <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>.
/// </summary>
/// <remarks>
/// The app-server's control socket speaks WebSocket framing, one JSON-RPC message per text frame; it is not
/// JSONL. Codex's clients also send <c>x-codex-app-server-compression</c>, which the server does not accept, so
/// it is left out here.
/// </remarks>
internal static class UnixWebSocketConnector
{
    private const int MaxHeaderBytes = 16 * 1024;

    public static async Task<WebSocket> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            var stream = new NetworkStream(socket, ownsSocket: true);
            await UpgradeAsync(stream, cancellationToken);
            return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
            {
                IsServer = false,
                KeepAliveInterval = TimeSpan.FromSeconds(30),
            });
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task UpgradeAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request =
            "GET /rpc HTTP/1.1\r\n" +
            "Host: localhost\r\n" +
            "Connection: Upgrade\r\n" +
            "Upgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\n" +
            $"Sec-WebSocket-Key: {key}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);

        // Read byte by byte up to the blank line: anything after it already belongs to the WebSocket stream.
        var header = new List<byte>(256);
        var one = new byte[1];
        while (!EndsWithBlankLine(header))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The app-server closed the connection during the WebSocket upgrade.");
            }

            header.Add(one[0]);
            if (header.Count > MaxHeaderBytes)
            {
                throw new IOException("The app-server's upgrade response is too long; is this a Codex app-server socket?");
            }
        }

        var text = Encoding.ASCII.GetString([.. header]);
        var statusLine = text[..text.IndexOf('\r', StringComparison.Ordinal)];
        if (!statusLine.Contains(" 101 ", StringComparison.Ordinal))
        {
            throw new IOException($"The app-server refused the WebSocket upgrade: '{statusLine}'.");
        }

        var expectedAccept = Convert.ToBase64String(
            SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        if (!text.Contains(expectedAccept, StringComparison.Ordinal))
        {
            throw new IOException("The app-server's WebSocket upgrade answer has a wrong Sec-WebSocket-Accept.");
        }
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';
}
