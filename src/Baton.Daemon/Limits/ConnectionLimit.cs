using System.Text;
using System.Text.Json;
using Baton.Daemon.Api;
using Baton.Protocol;
using Microsoft.AspNetCore.Connections;

namespace Baton.Daemon.Limits;

/// <summary>
/// Caps the connections open at once. One over the cap is answered with a 503 problem+json that names the limit,
/// then closed, before any of its request is read; Kestrel's own cap (left off) would close it
/// without a word.
/// </summary>
internal sealed class ConnectionLimit(int maxConnections)
{
    /// <summary>How long a refused connection is drained, so the peer reads the answer rather than a reset.</summary>
    private static readonly TimeSpan DrainTime = TimeSpan.FromMilliseconds(200);

    private int _open;

    public int MaxConnections => maxConnections;

    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        try
        {
            if (Interlocked.Increment(ref _open) > maxConnections)
            {
                await RefuseAsync(connection);
                return;
            }

            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    };

    private async Task RefuseAsync(ConnectionContext connection)
    {
        var problem = ProblemMapping.Limit(
            503,
            $"The Baton daemon already has {maxConnections} connections open, its limit (maxConcurrentConnections). Close idle connections (e.g. 'baton watch') or retry shortly.");
        var body = JsonSerializer.SerializeToUtf8Bytes(problem, BatonJsonContext.Default.ApiProblem);
        var head = Encoding.ASCII.GetBytes(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 1\r\nConnection: close\r\n" +
            $"Content-Length: {body.Length}\r\n\r\n");
        try
        {
            await connection.Transport.Output.WriteAsync(head);
            await connection.Transport.Output.WriteAsync(body);
            await connection.Transport.Output.CompleteAsync();
            using var drain = new CancellationTokenSource(DrainTime);
            while (true)
            {
                var read = await connection.Transport.Input.ReadAsync(drain.Token);
                connection.Transport.Input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            // The peer left or kept talking; either way this connection is done.
        }
    }
}
