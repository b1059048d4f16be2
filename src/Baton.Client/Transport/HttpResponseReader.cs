using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Baton.Client.Transport;

/// <summary>Reads answers off one connection; bytes read past one answer's end stay for the next.</summary>
internal sealed class HttpResponseReader(UnixSocketConnection socket)
{
    private const int MaxHeadBytes = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;
    private bool _closed;

    public RawHttpResponse Read()
    {
        var headLength = FillUntil(HeadEnd, "the answer's head");
        var head = Encoding.ASCII.GetString(_buffer, _start, headLength);
        _start += headLength + HeadEnd.Length;

        var lines = head.Split("\r\n");
        var (status, reason) = ParseStatusLine(lines[0]);
        int? contentLength = null;
        var chunked = false;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"a header line without a name: '{line}'.");
            }

            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw new InvalidDataException($"Content-Length '{value}' is not a length this client can read (0 to 2 GB).");
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Equals("chunked", StringComparison.OrdinalIgnoreCase)
                    ? true
                    : throw new InvalidDataException($"Transfer-Encoding '{value}' is not supported.");
            }
        }

        byte[] body;
        if (status is < 200 or 204 or 304)
        {
            body = [];
        }
        else if (chunked)
        {
            body = ReadChunked();
        }
        else if (contentLength is { } length)
        {
            body = Take(length);
        }
        else
        {
            // Neither framing: the body runs to the end of the connection (we asked for Connection: close).
            while (FillMore())
            {
            }

            body = Take(_end - _start);
        }

        return new RawHttpResponse(status, reason, body);
    }

    private static (int Status, string Reason) ParseStatusLine(string line)
    {
        // "HTTP/1.1 200 OK": the reason phrase may be empty or hold spaces.
        var parts = line.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || parts[1].Length != 3)
        {
            throw new InvalidDataException($"the status line '{line}' is not HTTP/1.x.");
        }

        return (status, parts.Length == 3 ? parts[2] : string.Empty);
    }

    private byte[] ReadChunked()
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = ReadLine();
            var extension = sizeLine.IndexOf(';', StringComparison.Ordinal);
            var hex = (extension >= 0 ? sizeLine[..extension] : sizeLine).Trim();
            if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"the chunk size '{sizeLine}' is not hexadecimal.");
            }

            if (size == 0)
            {
                // Trailers, if any, end with an empty line.
                while (ReadLine().Length > 0)
                {
                }

                return body.ToArray();
            }

            body.Write(Take(size));
            if (ReadLine().Length != 0)
            {
                throw new InvalidDataException("a chunk did not end with CRLF.");
            }
        }
    }

    private string ReadLine()
    {
        var length = FillUntil("\r\n"u8, "a line of the answer");
        var line = Encoding.ASCII.GetString(_buffer, _start, length);
        _start += length + 2;
        return line;
    }

    /// <returns>How many buffered bytes come before <paramref name="delimiter"/>, reading until it arrives.</returns>
    private int FillUntil(ReadOnlySpan<byte> delimiter, string what)
    {
        while (true)
        {
            var at = _buffer.AsSpan(_start, _end - _start).IndexOf(delimiter);
            if (at >= 0)
            {
                return at;
            }

            if (_end - _start > MaxHeadBytes)
            {
                throw new InvalidDataException($"{what} is longer than 64 KB.");
            }

            if (!FillMore())
            {
                // Closed before a whole answer: the daemon dropped the connection (crashed, restarting).
                throw new SocketException((int)SocketError.ConnectionReset);
            }
        }
    }

    private byte[] Take(int count)
    {
        while (_end - _start < count)
        {
            if (!FillMore())
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }
        }

        var bytes = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return bytes;
    }

    /// <returns>False once the daemon has closed the connection.</returns>
    private bool FillMore()
    {
        if (_closed)
        {
            return false;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = socket.Receive(_buffer.AsSpan(_end));
        if (read == 0)
        {
            _closed = true;
            return false;
        }

        _end += read;
        return true;
    }
}
