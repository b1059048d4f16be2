namespace Baton.Core.Agents;

/// <summary>What a backend sends: the text the agent sees, and the id it should echo back for correlation.</summary>
public sealed record OutgoingMessage(string MessageId, string Text);
