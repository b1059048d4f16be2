using System.Net.Sockets;
using System.Text;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// HTTP/1.1 by hand over the daemon's Unix socket, for requests no well-behaved client would send: malformed lines,
/// bad bytes, huge headers, bodies that lie about their length. Each call is one connection, closed afterwards.
/// </summary>
internal static class RawHttp
{
    /// <summary>A request with <c>Host</c>, <c>Connection: close</c> and, for a body, <c>Content-Length</c>.</summary>
    public static byte[] Request(string method, string target, byte[]? body = null, IEnumerable<string>? extraHeaders = null)
    {
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: baton\r\nConnection: close\r\n");
        foreach (var header in extraHeaders ?? [])
        {
            head.Append(header).Append("\r\n");
        }

        if (body is not null)
        {
            head.Append("Content-Type: application/json\r\nContent-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body ?? []];
    }

    public static byte[] Json(string method, string target, string json, IEnumerable<string>? extraHeaders = null) =>
        Request(method, target, Encoding.UTF8.GetBytes(json), extraHeaders);

    /// <summary>Connects; a full listen backlog (EAGAIN on a Unix socket) is waited out, as a patient client would.</summary>
    public static async Task<Socket> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return socket;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain)
            {
                socket.Dispose();
                await Task.Delay(20, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>Sends the bytes (the daemon may stop reading early; that is fine), then reads the answer to EOF.</summary>
    public static async Task<RawHttpResponse> SendAsync(string socketPath, byte[] request, CancellationToken cancellationToken, bool halfClose = false)
    {
        using var socket = await ConnectAsync(socketPath, cancellationToken);
        var sending = SendQuietlyAsync(socket, request, halfClose, cancellationToken);
        var response = await ReadResponseAsync(socket, cancellationToken);
        await sending;
        return response;
    }

    public static async Task SendQuietlyAsync(Socket socket, ReadOnlyMemory<byte> bytes, bool halfClose, CancellationToken cancellationToken)
    {
        try
        {
            while (bytes.Length > 0)
            {
                var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
                bytes = bytes[sent..];
            }

            if (halfClose)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The daemon answered and closed before taking all of it.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Reads until the daemon closes the connection, then parses what came.</summary>
    public static async Task<RawHttpResponse> ReadResponseAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // A reset after (or instead of) the answer: parse what arrived.
        }

        return Parse(received.ToArray());
    }

    public static RawHttpResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || split < 0)
        {
            return RawHttpResponse.None with { Body = text };
        }

        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = text[(split + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return new RawHttpResponse(status, headers, body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(chunked[position..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            body.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return body.ToString();
    }
}
