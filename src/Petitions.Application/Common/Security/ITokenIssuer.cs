namespace Petitions.Application.Common.Security;

public sealed record AccessToken(string Token, int ExpiresInSeconds);

/// <summary>Issues signed bearer tokens for signed-in accounts (implemented by the host).</summary>
public interface ITokenIssuer
{
    Task<AccessToken> IssueAsync(UserAccount account, CancellationToken cancellationToken = default);
}

/// <summary>Where a request came from, for the security log (the host knows the remote address).</summary>
public interface IRequestOrigin
{
    string? RemoteAddress { get; }
}
