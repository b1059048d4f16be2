namespace Baton.Core.Security;

/// <summary>What a token lets its holder do with its one session. <see cref="Inject"/> includes reading.</summary>
public enum TokenScope
{
    Read,
    Inject,
}
