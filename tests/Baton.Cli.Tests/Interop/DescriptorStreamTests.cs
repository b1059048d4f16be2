using System.IO.Pipes;
using System.Runtime.InteropServices;
using Baton.Cli.Interop;

namespace Baton.Cli.Tests.Interop;

/// <summary>The CLI's standard streams, on real pipes: what a shell pipeline or a parent process hands it.</summary>
public sealed partial class DescriptorStreamTests
{
    [Fact(Timeout = 30000)]
    public void Write_ThenRead_SameBytesThroughAPipe()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new DescriptorStream(ReadEnd(pipe), readable: true);
        var text = "héllo ✓\n"u8.ToArray();

        new DescriptorStream(WriteEnd(pipe), readable: false).Write(text);
        var read = new byte[64];
        var count = reader.Read(read);

        Assert.Equal(text, read[..count]);
    }

    [Fact(Timeout = 30000)]
    public void Write_ReaderGone_IsNotAnError()
    {
        // `baton log | head -1`: head exits after one line; the rest has nowhere to go.
        var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var writeEnd = WriteEnd(pipe);
        pipe.ClientSafePipeHandle.Dispose();
        using var stream = new DescriptorStream(writeEnd, readable: false);

        stream.Write(new byte[200_000]);

        pipe.Dispose();
    }

    [Fact(Timeout = 30000)]
    public async Task Write_NonBlockingDescriptorAndAFullPipe_WaitsAndLosesNothing()
    {
        // A parent (Node.js, for one) may leave our output descriptor non-blocking: a full pipe is then EAGAIN.
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var writeEnd = WriteEnd(pipe);
        Assert.Equal(0, SetFlags(writeEnd, 4, GetFlags(writeEnd, 3, 0) | 0x800)); // F_SETFL, F_GETFL, O_NONBLOCK
        var payload = Enumerable.Range(0, 1_000_000).Select(i => (byte)i).ToArray();
        using var reader = new DescriptorStream(ReadEnd(pipe), readable: true);
        var draining = Task.Run(() =>
        {
            var received = new MemoryStream();
            var buffer = new byte[4096];
            while (received.Length < payload.Length)
            {
                Thread.Sleep(1);
                received.Write(buffer, 0, reader.Read(buffer));
            }

            return received.ToArray();
        });

        new DescriptorStream(writeEnd, readable: false).Write(payload);

        Assert.Equal(payload, await draining.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30000)]
    public void Read_ClosedDescriptor_ThrowsNamingIt()
    {
        using var stream = new DescriptorStream(987_654, readable: true);

        var error = Assert.Throws<StandardStreamException>(() => stream.Read(new byte[8]));

        Assert.Equal("Cannot read file descriptor 987654: Bad file descriptor.", error.Message);
    }

    [Fact(Timeout = 30000)]
    public void Write_DescriptorNotOpenForWriting_ThrowsNamingTheStream()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var stream = new DescriptorStream(ReadEnd(pipe), readable: false);

        var error = Assert.Throws<StandardStreamException>(() => stream.Write("x"u8));

        Assert.StartsWith("Cannot write to file descriptor", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, error.HResult); // EBADF
    }

    [Fact(Timeout = 30000)]
    public void Write_FailuresIgnored_EndsQuietly()
    {
        // Standard error: when it fails there is nowhere left to report that.
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var stream = new DescriptorStream(ReadEnd(pipe), readable: false, failuresIgnored: true);

        stream.Write("x"u8);
    }

    [Fact(Timeout = 30000)]
    public void ReadAndWrite_ClosedAtStart_FailWhateverHoldsTheNumberNow()
    {
        // The number is held by /dev/null (or anything opened since); the stream still behaves as closed.
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var writeEnd = (int)pipe.ClientSafePipeHandle.DangerousGetHandle();
        using var output = new DescriptorStream(writeEnd, readable: false, closedAtStart: true);
        using var input = new DescriptorStream((int)pipe.SafePipeHandle.DangerousGetHandle(), readable: true, closedAtStart: true);
        using var error = new DescriptorStream(writeEnd, readable: false, failuresIgnored: true, closedAtStart: true);

        var write = Assert.Throws<StandardStreamException>(() => output.Write("x"u8));
        var read = Assert.Throws<StandardStreamException>(() => input.Read(new byte[8]));
        error.Write("x"u8);

        Assert.Contains("closed when baton started", write.Message, StringComparison.Ordinal);
        Assert.Contains("closed when baton started", read.Message, StringComparison.Ordinal);
        pipe.ClientSafePipeHandle.Dispose();
        Assert.Equal(-1, pipe.ReadByte()); // nothing reached the pipe
    }

    private static int WriteEnd(AnonymousPipeServerStream pipe) => (int)pipe.SafePipeHandle.DangerousGetHandle();

    private static int ReadEnd(AnonymousPipeServerStream pipe) => (int)pipe.ClientSafePipeHandle.DangerousGetHandle();

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int GetFlags(int descriptor, int command, int unused);

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int SetFlags(int descriptor, int command, int flags);
}
