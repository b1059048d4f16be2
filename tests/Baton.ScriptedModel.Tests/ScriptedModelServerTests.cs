using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Baton.ScriptedModel.Tests;

/// <summary>The server at the HTTP level: what a Responses API client sees, without Codex.</summary>
public sealed class ScriptedModelServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_Always_ListensOnLoopbackUnderV1()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);

        Assert.Equal("http", server.BaseUrl.Scheme);
        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.NotEqual(0, server.BaseUrl.Port);
        Assert.Equal("/v1", server.BaseUrl.AbsolutePath);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_PlainPrompt_StreamsTheResponsesEventSequence()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        var events = await client.StreamAsync(ResponsesClient.Body("hello there"), Token);

        var types = events.Select(e => e.Type).ToList();
        Assert.Equal("response.created", types[0]);
        Assert.Equal("response.output_item.added", types[1]);
        Assert.Equal(["response.output_item.done", "response.completed"], types[^2..]);
        Assert.All(types[2..^2], type => Assert.Equal("response.output_text.delta", type));
        Assert.InRange(types.Count - 4, 2, 10);
        Assert.All(events, e => Assert.Equal(e.Type, e.EventName));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Json.GetProperty("sequence_number").GetInt32()));

        const string expected = "FAKE#1 saw 2 user msgs; last='hello there'";
        Assert.Equal(expected, string.Concat(events.Where(e => e.Type == "response.output_text.delta").Select(e => e.Json.GetProperty("delta").GetString())));

        var item = events[^2].Json.GetProperty("item");
        Assert.Equal("message", item.GetProperty("type").GetString());
        Assert.Equal("assistant", item.GetProperty("role").GetString());
        var content = Assert.Single(item.GetProperty("content").EnumerateArray());
        Assert.Equal("output_text", content.GetProperty("type").GetString());
        Assert.Equal(expected, content.GetProperty("text").GetString());

        // What Codex's parser needs from the last event: the response id and, if usage is there, its three totals.
        var completed = events[^1].Json.GetProperty("response");
        Assert.Equal(events[0].Json.GetProperty("response").GetProperty("id").GetString(), completed.GetProperty("id").GetString());
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        var usage = completed.GetProperty("usage");
        Assert.Equal(usage.GetProperty("input_tokens").GetInt64() + usage.GetProperty("output_tokens").GetInt64(), usage.GetProperty("total_tokens").GetInt64());
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_SeveralRequests_NumbersRepliesAndCountsUserMessages()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        await client.StreamAsync(ResponsesClient.Body("one"), Token);
        var events = await client.StreamAsync(ResponsesClient.Body("one", "two"), Token);

        var text = events.Single(e => e.Type == "response.output_item.done").Json.GetProperty("item").GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Equal("FAKE#2 saw 3 user msgs; last='two'", text);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_CodexShapedInput_RecordsEveryUserMessageAsIs()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);
        // Developer items and non-text parts are not user text; an input_text split into parts is one message.
        const string body = """
            {"model":"fake-model","stream":true,"input":[
              {"type":"message","role":"developer","content":[{"type":"input_text","text":"rules"}]},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context>x</environment_context>"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"earlier answer"}]},
              {"type":"function_call_output","call_id":"c1","output":"ok"},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"part one, "},{"type":"input_image","image_url":"data:,"},{"type":"input_text","text":"part two"}]}
            ]}
            """;

        await client.StreamAsync(body, Token);

        var request = Assert.Single(server.Requests);
        Assert.Equal(1, request.Number);
        Assert.Equal(body, request.Body);
        Assert.Equal(["<environment_context>x</environment_context>", "part one, part two"], request.UserMessages);
        Assert.Equal("part one, part two", request.LastUserMessage);
        Assert.False(request.IsTitleRequest);
        Assert.InRange(request.ReceivedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_TitlePrompt_IsRecordedAndMarked()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        await client.StreamAsync(ResponsesClient.Body("do the thing"), Token);
        await client.StreamAsync(ResponsesClient.Body("Generate a concise, single-line task title for: do the thing"), Token);

        Assert.Equal([false, true], server.Requests.Select(r => r.IsTitleRequest));
        Assert.Equal([1, 2], server.Requests.Select(r => r.Number));
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_FailInLastUserMessage_Answers500WithJsonError()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        using var response = await client.PostAsync(ResponsesClient.Body("this will FAIL now"), Token);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        Assert.Contains("FAIL", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("this will FAIL now", Assert.Single(server.Requests).LastUserMessage);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_FailOnlyInEarlierMessage_AnswersNormally()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        var events = await client.StreamAsync(ResponsesClient.Body("please FAIL", "all good now"), Token);

        Assert.Equal("response.completed", events[^1].Type);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_Slow_SpreadsTheDeltasOverTheAskedTime()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        var clock = Stopwatch.StartNew();
        var events = await client.StreamAsync(ResponsesClient.Body("take your time SLOW=1.5"), Token);
        clock.Stop();

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(10));
        var deltas = events.Where(e => e.Type == "response.output_text.delta").ToList();
        Assert.True(deltas.Count >= 5, $"only {deltas.Count} deltas");
        // Spread, not bunched at the end: the first delta comes early, the last one near the full duration.
        Assert.True(deltas[0].ArrivedAfter < TimeSpan.FromSeconds(0.75), $"first delta after {deltas[0].ArrivedAfter}");
        Assert.True(deltas[^1].ArrivedAfter >= TimeSpan.FromSeconds(1.2), $"last delta after {deltas[^1].ArrivedAfter}");
        Assert.Contains("last='take your time SLOW=1.5'", string.Concat(deltas.Select(e => e.Json.GetProperty("delta").GetString())), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_SlowClientGoesAway_StreamStopsAndServerKeepsServing()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        using (var response = await client.PostAsync(ResponsesClient.Body("long job SLOW=20"), Token))
        {
            var first = await ResponsesClient.ReadEventsAsync(response, 2, Token);
            Assert.Equal(["response.created", "response.output_item.added"], first.Select(e => e.Type));
        }

        // The abandoned stream must neither block nor break the next request.
        var clock = Stopwatch.StartNew();
        var events = await client.StreamAsync(ResponsesClient.Body("next"), Token);
        Assert.Equal("response.completed", events[^1].Type);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(["long job SLOW=20", "next"], server.Requests.Select(r => r.LastUserMessage));
    }

    [Fact(Timeout = 30_000)]
    public async Task DisposeAsync_DuringSlowStream_EndsPromptly()
    {
        var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);
        using var response = await client.PostAsync(ResponsesClient.Body("long job SLOW=60"), Token);
        await server.WaitForRequestAsync(r => r.LastUserMessage == "long job SLOW=60", Token);

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {clock.Elapsed}");
        var events = await ResponsesClient.ReadEventsAsync(response, int.MaxValue, Token);
        Assert.DoesNotContain(events, e => e.Type == "response.completed");
    }

    [Fact(Timeout = 30_000)]
    public async Task Requests_AreLoggedBeforeTheAnswerIsWritten()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        using var response = await client.PostAsync(ResponsesClient.Body("watch me SLOW=10"), Token);
        var first = await ResponsesClient.ReadEventsAsync(response, 1, Token);

        Assert.Equal("response.created", Assert.Single(first).Type);
        Assert.Equal("watch me SLOW=10", Assert.Single(server.Requests).LastUserMessage);
    }

    [Fact(Timeout = 30_000)]
    public async Task WaitForRequestAsync_PastAndFutureRequests_Complete()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);
        await client.StreamAsync(ResponsesClient.Body("before"), Token);

        var past = await server.WaitForRequestAsync(r => r.LastUserMessage == "before", Token);
        var future = server.WaitForRequestAsync(r => r.LastUserMessage == "after", Token);
        Assert.False(future.IsCompleted);
        await client.StreamAsync(ResponsesClient.Body("after"), Token);

        Assert.Equal(1, past.Number);
        Assert.Equal(2, (await future).Number);
    }

    [Fact(Timeout = 30_000)]
    public async Task WaitForRequestAsync_Cancelled_ThrowsAndLaterRequestsStillWork()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var wait = server.WaitForRequestAsync(r => r.LastUserMessage == "never", cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        await client.StreamAsync(ResponsesClient.Body("still here"), Token);
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task WaitForRequestAsync_PredicateThrows_FaultsTheWaitNotTheRequest()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        var wait = server.WaitForRequestAsync(r => r.LastUserMessage!.Length > 0 ? throw new InvalidOperationException("bad predicate") : false, Token);
        var events = await client.StreamAsync(ResponsesClient.Body("x"), Token);

        Assert.Equal("response.completed", events[^1].Type);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => wait);
        Assert.Equal("bad predicate", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_NotJson_Answers400AndIsStillRecorded()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var client = new ResponsesClient(server);

        using var response = await client.PostAsync("not json", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("not json", request.Body);
        Assert.Empty(request.UserMessages);
        Assert.Null(request.LastUserMessage);
    }

    [Fact(Timeout = 30_000)]
    public async Task Post_GzipBody_IsDecoded()
    {
        await using var server = await ScriptedModelServer.StartAsync(Token);
        using var http = new HttpClient();
        var body = ResponsesClient.Body("zipped");
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(body), Token);
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await http.PostAsync(new Uri($"{server.BaseUrl}/responses"), content, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(server.Requests).Body);
        Assert.Equal("zipped", server.Requests[0].LastUserMessage);
    }
}
