using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Petitions.Application.Common.Security;

namespace Petitions.Host.Security;

/// <summary>
/// Signed (HMAC-SHA256), expiring bearer tokens. The signing key lives in the key directory, never in the database
/// (generated at first start, shared by all silos that share the directory, so tokens survive restarts), unless
/// Auth:SigningKey supplies one.
/// </summary>
public sealed class JwtTokens(SecretStore secrets, IConfiguration configuration) : ITokenIssuer
{
    public const string Issuer = "petitions";
    public const string Audience = "petitions-api";
    public const string StampClaim = "stamp";
    public const string SecretName = "token-signing-key";

    private SymmetricSecurityKey? key;

    public TimeSpan Lifetime => TimeSpan.FromMinutes(configuration.GetValue("Auth:TokenLifetimeMinutes", 480));

    /// <summary>Loads (or creates) the key once at start-up, so token validation never waits for the database.</summary>
    public async Task<SymmetricSecurityKey> LoadKeyAsync(CancellationToken cancellationToken = default)
    {
        if (key is not null) return key;
        var configured = configuration["Auth:SigningKey"];
        var bytes = !string.IsNullOrEmpty(configured)
            ? System.Text.Encoding.UTF8.GetBytes(configured)
            : await secrets.GetOrCreateAsync(SecretName, 64, cancellationToken);
        if (bytes.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
        return key = new SymmetricSecurityKey(bytes);
    }

    public SymmetricSecurityKey Key => key ?? throw new InvalidOperationException("The token signing key has not been loaded.");

    public async Task<AccessToken> IssueAsync(UserAccount account, CancellationToken cancellationToken = default)
    {
        var signingKey = await LoadKeyAsync(cancellationToken);
        // Tokens live in real time (validation uses the system clock), whatever the application's clock says.
        var now = DateTimeOffset.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, account.Username),
                new Claim(StampClaim, account.PasswordChangedAt.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]),
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
        });
        return new AccessToken(token, (int)Lifetime.TotalSeconds);
    }
}

/// <summary>Token validation: signature, issuer, audience, lifetime, then the account must still be active and unchanged.</summary>
public sealed class ConfigureJwtBearer(JwtTokens tokens) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options) => Configure(options);

    public void Configure(JwtBearerOptions options)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = JwtTokens.Issuer,
            ValidAudience = JwtTokens.Audience,
            IssuerSigningKeyResolver = (_, _, _, _) => [tokens.Key],
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = JwtRegisteredClaimNames.Sub,
        };
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var username = context.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
                var stamp = context.Principal?.FindFirstValue(JwtTokens.StampClaim);
                var accounts = context.HttpContext.RequestServices.GetRequiredService<UserAccounts>();
                var account = username is null ? null : await accounts.FindAsync(username, context.HttpContext.RequestAborted);
                if (account is null || !account.Active || stamp != account.PasswordChangedAt.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    context.Fail("The account is inactive or its password changed since the token was issued.");
                    return;
                }

                CompositeCurrentUserAccessor.Remember(context.HttpContext, account.ToCurrentUser());
            },
        };
    }
}
