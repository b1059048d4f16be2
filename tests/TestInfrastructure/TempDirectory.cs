namespace Baton.Tests.Infrastructure;

/// <summary>
/// A fresh folder under /tmp with a short path (Unix socket paths must stay under 108 bytes), deleted on dispose.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "bt")
    {
        Path = System.IO.Path.Combine("/tmp", $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
