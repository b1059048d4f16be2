namespace Baton.Client.Transport;

/// <summary>One HTTP answer as <see cref="BlockingSocketHttp"/> read it: the status line and the whole body.</summary>
internal sealed record RawHttpResponse(int Status, string ReasonPhrase, byte[] Body)
{
    public bool IsSuccess => Status is >= 200 and <= 299;
}
