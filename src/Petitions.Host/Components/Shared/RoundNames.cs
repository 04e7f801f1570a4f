using Petitions.Application.Common.Rounds;

namespace Petitions.Host.Components.Shared;

/// <summary>A round's name in the reader's language: its English name for English readers when it has one.</summary>
public static class RoundNames
{
    public static string Of(RoundView round) => !Fmt.Chinese && round.NameEn is { Length: > 0 } english ? english : round.Name;
}
