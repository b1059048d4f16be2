using Baton.Core.Errors;
using Baton.Protocol;
using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

public sealed class MessageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task GetAsync_MessageWithEveryFieldSet_ReturnsEqualMessage()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.FullMessage();

        await test.Store.InsertAsync(message, Token);

        Assert.Equal(message, await test.Store.GetAsync(message.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task GetAsync_MessageWithOptionalFieldsNull_ReturnsThemNull()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();

        await test.Store.InsertAsync(message, Token);

        var read = await test.Store.GetAsync(message.Id, Token);
        Assert.Equal(message, read);
        Assert.Null(read!.SessionName);
        Assert.Null(read.DeliveredAt);
        Assert.Null(read.CompletedAt);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        await using var test = await TestStore.OpenAsync();
        await test.Store.InsertAsync(Samples.Message(), Token);

        Assert.Null(await test.Store.GetAsync("msg_nothere", Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_DuplicateId_ThrowsInvalidOperationAndKeepsFirst()
    {
        await using var test = await TestStore.OpenAsync();
        var first = Samples.Message(text: "first");
        await test.Store.InsertAsync(first, Token);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => test.Store.InsertAsync(first with { Text = "second" }, Token));

        Assert.Contains(first.Id, error.Message, StringComparison.Ordinal);
        Assert.Equal(first, await test.Store.GetAsync(first.Id, Token));
        Assert.Single(await test.Store.ListUnfinishedAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_CancelledToken_ThrowsAndStoresNothing()
    {
        await using var test = await TestStore.OpenAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => test.Store.InsertAsync(Samples.Message(), cancelled.Token));

        Assert.Empty(await test.Store.ListUnfinishedAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_Returned_RowIsVisibleToAnotherConnectionAtOnce()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message(text: "acknowledged means committed");

        await test.Store.InsertAsync(message, Token);

        // Committed, not buffered in the store: another process (or a restart) sees it the moment the call returns.
        await using var raw = await test.OpenRawAsync();
        Assert.Equal(message.Text, await RawDatabase.ScalarAsync(raw, "SELECT text FROM messages WHERE id=$id", ("$id", message.Id)));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_EveryModeAndStatus_RoundTripsAndIsStoredUnderItsWireName()
    {
        await using var test = await TestStore.OpenAsync();
        await using var raw = await test.OpenRawAsync();
        foreach (var mode in Enum.GetValues<DeliveryMode>())
        {
            foreach (var status in Enum.GetValues<MessageStatus>())
            {
                var message = Samples.Message() with { Mode = mode, Status = status };
                await test.Store.InsertAsync(message, Token);

                Assert.Equal(message, await test.Store.GetAsync(message.Id, Token));
                var stored = await RawDatabase.ScalarAsync(raw, "SELECT mode || ' ' || status FROM messages WHERE id=$id", ("$id", message.Id));
                Assert.Equal($"{WireName(mode)} {WireName(status)}", stored);
            }
        }

        static string WireName<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, typeof(T), BatonJsonContext.Default).Trim('"');
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_KnownWireNames_AreTheContractsWords()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message() with { Mode = DeliveryMode.Queue, Status = MessageStatus.DryRun };

        await test.Store.InsertAsync(message, Token);

        await using var raw = await test.OpenRawAsync();
        Assert.Equal("queue dry-run", await RawDatabase.ScalarAsync(raw, "SELECT mode || ' ' || status FROM messages WHERE id=$id", ("$id", message.Id)));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_UnknownWireNameInFile_ReadFailsNamingTheValue()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();
        await test.Store.InsertAsync(message, Token);
        await using (var raw = await test.OpenRawAsync())
        {
            await RawDatabase.ExecuteAsync(raw, "UPDATE messages SET status='teleported'");
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => test.Store.GetAsync(message.Id, Token));

        Assert.Contains("'teleported'", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_TimestampsWithOffset_ReturnSameInstantInUtcToTheMillisecond()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.FullMessage();

        await test.Store.InsertAsync(message, Token);

        var read = (await test.Store.GetAsync(message.Id, Token))!;
        Assert.Equal(message.AcceptedAt, read.AcceptedAt);
        Assert.Equal(TimeSpan.Zero, read.AcceptedAt.Offset);
        Assert.Equal(891, read.AcceptedAt.Millisecond);
        Assert.Equal(message.DeliveredAt, read.DeliveredAt);
        Assert.Equal(message.CompletedAt, read.CompletedAt);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_TimestampFinerThanAMillisecond_ComesBackTruncatedToTheMillisecond()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message() with { AcceptedAt = Samples.Accepted.AddTicks(9999) };

        await test.Store.InsertAsync(message, Token);

        Assert.Equal(Samples.Accepted, (await test.Store.GetAsync(message.Id, Token))!.AcceptedAt);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task UpdateAsync_ExistingMessage_ReplacesEveryFieldAndKeepsItsPlaceInOrder()
    {
        await using var test = await TestStore.OpenAsync();
        var first = Samples.Message(text: "first");
        var second = Samples.Message(text: "second");
        await test.Store.InsertAsync(first, Token);
        await test.Store.InsertAsync(second, Token);
        var changed = Samples.FullMessage() with { Id = first.Id, SessionId = first.SessionId };

        await test.Store.UpdateAsync(changed, Token);

        Assert.Equal(changed, await test.Store.GetAsync(first.Id, Token));
        Assert.Equal([second, changed], await test.Store.ListBySessionAsync("codex", first.SessionId, 10, Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task UpdateAsync_MissingId_ThrowsMessageNotFoundAndStoresNothing()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();

        var error = await Assert.ThrowsAsync<MessageNotFoundException>(() => test.Store.UpdateAsync(message, Token));

        Assert.Equal(ErrorCodes.MessageNotFound, error.Code);
        Assert.Contains(message.Id, error.Message, StringComparison.Ordinal);
        Assert.Null(await test.Store.GetAsync(message.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task ListBySessionAsync_SeveralSessionsAndAgents_ReturnsOnlyThatSessionNewestFirstUpToLimit()
    {
        await using var test = await TestStore.OpenAsync();
        var mine = new List<Baton.Core.Messages.StoredMessage>();
        for (var i = 0; i < 5; i++)
        {
            var message = Samples.Message(sessionId: "t1", text: $"mine {i}");
            mine.Add(message);
            await test.Store.InsertAsync(message, Token);
            await test.Store.InsertAsync(Samples.Message(sessionId: "t2", text: $"other session {i}"), Token);
            await test.Store.InsertAsync(Samples.Message(sessionId: "t1", agent: "other-agent", text: $"other agent {i}"), Token);
        }

        var latestThree = await test.Store.ListBySessionAsync("codex", "t1", 3, Token);
        var all = await test.Store.ListBySessionAsync("codex", "t1", 100, Token);

        Assert.Equal([mine[4], mine[3], mine[2]], latestThree);
        Assert.Equal(Enumerable.Reverse(mine), all);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task ListBySessionAsync_LimitZero_ReturnsEmpty()
    {
        await using var test = await TestStore.OpenAsync();
        await test.Store.InsertAsync(Samples.Message(), Token);

        Assert.Empty(await test.Store.ListBySessionAsync("codex", "t1", 0, Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task ListBySessionAsync_NegativeLimit_ThrowsArgumentOutOfRange()
    {
        await using var test = await TestStore.OpenAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => test.Store.ListBySessionAsync("codex", "t1", -1, Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task ListUnfinishedAsync_EveryStatusAcrossSessions_ReturnsQueuedHeldDeliveredOldestFirst()
    {
        await using var test = await TestStore.OpenAsync();
        var expected = new List<Baton.Core.Messages.StoredMessage>();
        var session = 0;
        foreach (var status in Enum.GetValues<MessageStatus>().Concat(Enum.GetValues<MessageStatus>()))
        {
            var message = Samples.Message(sessionId: $"t{session++ % 3}", text: $"{status}", status: status);
            await test.Store.InsertAsync(message, Token);
            if (status is MessageStatus.Queued or MessageStatus.Held or MessageStatus.Delivered)
            {
                expected.Add(message);
            }
        }

        Assert.Equal(expected, await test.Store.ListUnfinishedAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task ListUnfinishedAsync_MessageUpdatedToFinal_NoLongerListed()
    {
        await using var test = await TestStore.OpenAsync();
        var done = Samples.Message(text: "will finish");
        var waiting = Samples.Message(text: "still queued");
        await test.Store.InsertAsync(done, Token);
        await test.Store.InsertAsync(waiting, Token);

        await test.Store.UpdateAsync(done with { Status = MessageStatus.Completed, CompletedAt = Samples.Accepted.AddSeconds(1) }, Token);

        Assert.Equal([waiting], await test.Store.ListUnfinishedAsync(Token));
    }
}
