namespace Baton.EndToEnd.Tests;

/// <summary>The CLI half of the hostile-input corpus: what a script might pass to <c>baton inject</c>.</summary>
internal static class HostileCliCases
{
    public static readonly IReadOnlyList<HostileCliCase> All =
    [
        // Through a file: one argument longer than 128 KiB cannot even be passed to exec.
        new("text-over-256KiB", ["coder", "--text-file", "{file}"], 5, "262144 bytes", FileBytes: OverLimit),
        new("text-over-256KiB-dry-run-refused-too", ["coder", "--dry-run", "--text-file", "{file}"], 5, "message size limit", FileBytes: OverLimit),
        new("text-file-invalid-utf8", ["coder", "--text-file", "{file}"], 2, "not valid UTF-8", FileBytes: [0x68, 0x69, 0xFF, 0x0A]),
        new("text-file-latin1", ["coder", "--text-file", "{file}"], 2, "not valid UTF-8", FileBytes: [0x63, 0x61, 0x66, 0xE9]),
        new("text-file-with-nul", ["coder", "--text-file", "{file}"], 2, "NUL character", FileBytes: [0x61, 0x00, 0x62]),
        new("text-file-with-c1-control", ["coder", "--text-file", "{file}"], 2, "U+009B", FileBytes: [0x61, 0xC2, 0x9B, 0x62]),
        new("stdin-invalid-utf8", ["coder", "--text", "-"], 2, "Standard input is not valid UTF-8", Stdin: [0x6F, 0x6B, 0xC3, 0x28]),
        new("stdin-utf16-byte-order-mark", ["coder", "--text", "-"], 2, "not valid UTF-8", Stdin: [0xFF, 0xFE, 0x68, 0x00, 0x69, 0x00]),
        new("text-with-ansi-escape", ["coder", "--text", "\u001b]0;pwned\u0007 hi"], 2, "U+001B"),
        new("text-empty", ["coder", "--text", ""], 2, "empty"),
        new("idempotency-key-10000-chars", ["coder", "--text", "hi", "--idempotency-key", new string('k', 10_000)], 5, "limit is 256"),
        new("idempotency-key-with-space", ["coder", "--text", "hi", "--idempotency-key", "a b"], 2, "visible ASCII"),
        new("hook-name-with-quotes", ["coder", "--text", "hi", "--hook-name", "ci\"] [user"], 2, "hook name may contain only"),
        new("session-path-traversal", ["../../etc/passwd", "--text", "hi"], 3, "'../../etc/passwd'"),
        new("session-percent-encoded-dots", ["%2e%2e%2f%2e%2e", "--text", "hi"], 3, "'%2e%2e%2f%2e%2e'"),
        new("session-sql-injection", ["x'; DROP TABLE messages;--", "--text", "hi"], 3, "DROP TABLE messages"),
        new("session-300-chars", [new string('s', 300), "--text", "hi"], 5, "limit is 256"),
        new("session-with-newline", ["cod\ner", "--text", "hi"], 2, "U+000A"),
    ];

    private static byte[] OverLimit => [.. Enumerable.Repeat((byte)'a', (256 * 1024) + 1)];

    public static IEnumerable<TheoryDataRow<string>> Names => All.Select(c => new TheoryDataRow<string>(c.Name));
}
