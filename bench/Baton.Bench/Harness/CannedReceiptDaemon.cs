using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Baton.Protocol;

namespace Baton.Bench.Harness;

/// <summary>
/// A stand-in for the daemon that answers every request at once with the same receipt, on the socket of a
/// <c>BATON_HOME</c> of its own. The cli bench times <c>baton inject</c> against it: the client's own cost (process
/// start, parsing, JSON, one socket round trip) without the daemon's, SQLite's or Codex's share, and with little of
/// the noise those bring. It serves one connection at a time on a thread of its own, with blocking calls.
/// </summary>
public sealed class CannedReceiptDaemon : IDisposable
{
    private readonly Socket _listener;
    private readonly Thread _serving;
    private readonly byte[] _answer;
    private volatile bool _stopping;
    private int _answered;

    private CannedReceiptDaemon(string home, Socket listener, byte[] answer)
    {
        Home = home;
        _listener = listener;
        _answer = answer;
        _serving = new Thread(Serve) { IsBackground = true, Name = "canned-receipt-daemon" };
        _serving.Start();
    }

    /// <summary>The <c>BATON_HOME</c> whose socket this stand-in answers on.</summary>
    public string Home { get; }

    public string SocketPath => new BatonPaths(Home).SocketPath;

    /// <summary>Requests answered so far: one per run, or the client did not get its answer from here.</summary>
    public int Answered => Volatile.Read(ref _answered);

    public static CannedReceiptDaemon Start(string home)
    {
        Directory.CreateDirectory(home);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(new BatonPaths(home).SocketPath));
            listener.Listen(16);
            return new CannedReceiptDaemon(home, listener, Answer());
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private static byte[] Answer()
    {
        var now = DateTimeOffset.UtcNow;
        var receipt = new Receipt
        {
            MessageId = "msg_00000000000000000000000000000000",
            Status = MessageStatus.Delivered,
            Session = new SessionInfo { Id = "00000000-0000-0000-0000-000000000000", Name = "stand-in", Agent = "codex", State = SessionState.Running },
            Mode = DeliveryMode.Queue,
            TurnId = "00000000-0000-0000-0000-000000000001",
            AcceptedAt = now,
            DeliveredAt = now,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(receipt, BatonJsonContext.Default.Receipt);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
        return [.. head, .. body];
    }

    private void Serve()
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                if (_stopping)
                {
                    return;
                }

                try
                {
                    ReadRequest(client, buffer);
                    client.Send(_answer);
                    Interlocked.Increment(ref _answered);
                }
                catch (SocketException)
                {
                    // The client went away; the bench reports its exit code.
                }
            }
        }
    }

    /// <summary>Reads the head and the Content-Length body, so the answer never races the client's own send.</summary>
    private static void ReadRequest(Socket client, byte[] buffer)
    {
        var length = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            var read = client.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0 || length + read == buffer.Length)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            length += read;
        }

        var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
        var bodyLength = head.Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var received = length - (headEnd + 4);
        while (received < bodyLength)
        {
            var read = client.Receive(buffer, 0, buffer.Length, SocketFlags.None);
            if (read == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            received += read;
        }
    }

    public void Dispose()
    {
        // A thread blocked in accept() is not woken by closing the socket on Linux: a last connection wakes it.
        _stopping = true;
        try
        {
            using var wake = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            wake.Connect(new UnixDomainSocketEndPoint(SocketPath));
        }
        catch (SocketException)
        {
            // Nothing listens any more: the thread has ended.
        }

        _serving.Join(TimeSpan.FromSeconds(5));
        _listener.Dispose();
        File.Delete(SocketPath);
    }
}
