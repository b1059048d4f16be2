using System.Runtime.InteropServices;

namespace Baton.Cli.Interop;

/// <summary>
/// Standard input, output or error as a plain stream over its file descriptor (Linux and macOS): read and write
/// with the retries a console stream makes (interrupted calls, a descriptor left non-blocking by whoever started us)
/// and, like it, a closed reader of our output (<c>baton log | head</c>) is not an error. Any other failure is a
/// <see cref="StandardStreamException"/>, unless the stream was made with <c>failuresIgnored</c>.
/// </summary>
/// <remarks>
/// Not <see cref="Console"/>'s streams: their first write sets up .NET's terminal handling (terminfo, a signal
/// thread), which a command that prints one line never needs; about 1 ms of every <c>baton</c> run on a 2-core
/// machine whose thread starts are dear (issue 6).
/// </remarks>
/// <param name="failuresIgnored">
/// For standard error, where failures are reported: when it fails itself (closed, a full disk) there is nowhere
/// left to say so, and the exit code still tells. Its writes then end quietly, as after EPIPE.
/// </param>
/// <param name="closedAtStart">
/// The process was started without this descriptor (see <see cref="StandardStreams.ReserveClosedDescriptors"/>):
/// every read or write fails as on a closed descriptor, whatever holds its number now.
/// </param>
internal sealed unsafe partial class DescriptorStream(int descriptor, bool readable, bool failuresIgnored = false, bool closedAtStart = false) : Stream
{
    private const string ClosedAtStartReason = "Bad file descriptor (it was closed when baton started)";

    private const int Interrupted = 4; // EINTR
    private const int BadDescriptor = 9; // EBADF
    private const int BrokenPipe = 32; // EPIPE
    private static readonly int WouldBlock = OperatingSystem.IsMacOS() ? 35 : 11; // EAGAIN
    private const short PollIn = 0x1;
    private const short PollOut = 0x4;

    public override bool CanRead => readable;
    public override bool CanWrite => !readable;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (closedAtStart)
        {
            throw new StandardStreamException(descriptor, reading: true, ClosedAtStartReason, BadDescriptor);
        }

        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = ReadDescriptor(descriptor, start, buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                WaitAfter(Marshal.GetLastPInvokeError(), PollIn);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (closedAtStart)
        {
            if (failuresIgnored)
            {
                return;
            }

            throw new StandardStreamException(descriptor, reading: false, ClosedAtStartReason, BadDescriptor);
        }

        fixed (byte* start = buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                var count = WriteDescriptor(descriptor, start + written, buffer.Length - written);
                if (count >= 0)
                {
                    written += (int)count;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == BrokenPipe || (failuresIgnored && errno != Interrupted && errno != WouldBlock))
                {
                    // Nobody reads any more: what is left has nowhere to go, as with a console stream.
                    return;
                }

                WaitAfter(errno, PollOut);
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Retries after EINTR at once, after EAGAIN once the descriptor is ready; anything else is an error.</summary>
    private void WaitAfter(int errno, short events)
    {
        if (errno == Interrupted)
        {
            return;
        }

        if (errno == WouldBlock)
        {
            var poll = new PollDescriptor { Descriptor = descriptor, Events = events };
            _ = Poll(&poll, 1, -1);
            return;
        }

        throw new StandardStreamException(descriptor, readable, Marshal.GetPInvokeErrorMessage(errno), errno);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadDescriptor(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteDescriptor(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollDescriptor* descriptors, nuint count, int timeout);
}
