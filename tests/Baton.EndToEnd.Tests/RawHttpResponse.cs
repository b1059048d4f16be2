using System.Text.Json;

namespace Baton.EndToEnd.Tests;

/// <summary>What came back on a raw connection: a status (0 when the daemon closed without answering) and the body.</summary>
internal sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static readonly RawHttpResponse None = new(0, new Dictionary<string, string>(), string.Empty);

    public bool IsProblem => Headers.TryGetValue("content-type", out var type) && type.StartsWith("application/problem+json", StringComparison.Ordinal);

    /// <summary>The problem+json <c>code</c> and <c>detail</c>; fails the test when the body is not problem+json.</summary>
    public (string Code, string Detail) Problem()
    {
        Assert.True(IsProblem, $"expected problem+json, got:\n{this}");
        using var json = JsonDocument.Parse(Body);
        return (json.RootElement.Str("code"), json.RootElement.Str("detail"));
    }

    public override string ToString() => $"HTTP {Status}\n{string.Join('\n', Headers.Select(h => $"{h.Key}: {h.Value}"))}\n\n{(Body.Length > 2000 ? Body[..2000] + "…" : Body)}";
}
