using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Baton.ScriptedModel.Tests;

/// <summary>
/// Posts Responses API requests the way Codex does (<c>stream:true</c>, developer and user messages) and reads the
/// answer as server-sent events, timing each one.
/// </summary>
internal sealed class ResponsesClient(ScriptedModelServer server) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public static string Body(params string[] userMessages)
    {
        var input = new JsonArray
        {
            Message("developer", "You are a coding agent."),
            Message("user", "<environment_context>\n  <cwd>/tmp/x</cwd>\n</environment_context>"),
        };
        foreach (var text in userMessages)
        {
            input.Add(Message("user", text));
        }

        return new JsonObject { ["model"] = "fake-model", ["stream"] = true, ["input"] = input }.ToJsonString();
    }

    public async Task<HttpResponseMessage> PostAsync(string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.BaseUrl}/responses")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public async Task<IReadOnlyList<SseEvent>> StreamAsync(string body, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(body, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await ReadEventsAsync(response, int.MaxValue, cancellationToken);
    }

    /// <summary>Reads events until the stream ends or <paramref name="limit"/> events arrived.</summary>
    public static async Task<IReadOnlyList<SseEvent>> ReadEventsAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var events = new List<SseEvent>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? name = null;
        var data = new StringBuilder();
        while (events.Count < limit && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    events.Add(new SseEvent(name, data.ToString(), clock.Elapsed));
                }

                name = null;
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(data.Length > 0 ? "\n" : string.Empty).Append(line["data:".Length..].TrimStart());
            }
        }

        return events;
    }

    public void Dispose() => _http.Dispose();

    private static JsonObject Message(string role, string text) => new()
    {
        ["type"] = "message",
        ["role"] = role,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = text }),
    };
}
