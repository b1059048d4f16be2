using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Baton.Client.Transport;

/// <summary>
/// HTTP/1.1 over the daemon's Unix socket with plain blocking calls: one connection per request, closed after the
/// answer. For a process that makes one call and exits (the CLI), HttpClient's pool and async machinery start
/// thread-pool and timer threads whose spinning competes with the daemon and Codex for a small machine's cores; this
/// path starts none of them (issue 6: 1–2 ms of a `baton inject`'s median, more of its spread).
/// </summary>
/// <remarks>
/// Speaks only what the daemon's API needs: a JSON body sent with Content-Length, an answer framed by
/// Content-Length, chunked encoding or the end of the connection. Cancellation shuts the socket down, which ends
/// a blocked send or receive at once.
/// </remarks>
internal sealed class BlockingSocketHttp(string socketPath)
{
    /// <exception cref="SocketException">Connecting or talking failed (the caller tells refused from dropped).</exception>
    /// <exception cref="InvalidDataException">The answer is not HTTP/1.1 this reader understands.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public RawHttpResponse Send(string method, string pathAndQuery, byte[]? jsonBody, string? bearerToken, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var socket = UnixSocketConnection.Connect(socketPath);
        using var cancellation = cancellationToken.Register(static state => ((UnixSocketConnection)state!).Shutdown(), socket);
        try
        {
            socket.SendAll(Head(method, pathAndQuery, jsonBody?.Length, bearerToken));
            if (jsonBody is { Length: > 0 })
            {
                socket.SendAll(jsonBody);
            }

            var reader = new HttpResponseReader(socket);
            while (true)
            {
                var response = reader.Read();

                // An interim answer (100 Continue and the like) is followed by the real one.
                if (response.Status >= 200)
                {
                    return response;
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The shutdown below ended the call; whatever it threw, the cause is the cancellation.
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static byte[] Head(string method, string pathAndQuery, int? contentLength, string? bearerToken)
    {
        var head = new StringBuilder(256)
            .Append(method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: baton\r\n")
            .Append("Accept: application/json, application/problem+json\r\n")
            .Append("Connection: close\r\n");
        if (contentLength is { } length)
        {
            head.Append("Content-Type: application/json; charset=utf-8\r\n")
                .Append("Content-Length: ").Append(length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }
        else if (method is "POST" or "PUT")
        {
            head.Append("Content-Length: 0\r\n");
        }

        if (!string.IsNullOrEmpty(bearerToken))
        {
            head.Append("Authorization: Bearer ").Append(bearerToken).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }
}
