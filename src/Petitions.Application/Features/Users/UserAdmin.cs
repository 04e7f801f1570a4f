using FluentValidation;
using Petitions.Application.Common.Validation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using SecurityRoles = Petitions.Application.Common.Security.Roles;

namespace Petitions.Application.Features.Users;

public sealed record UserView(string Username, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Units, bool AllUnits, bool Active, bool LockedOut, string? Language, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The account's latest successful sign-in (web or API), null when it never signed in.</summary>
    public DateTimeOffset? LastSignInAt { get; init; }

    public static UserView From(UserAccount a, DateTimeOffset now) => new(a.Username, a.DisplayName, a.RoleList, a.UnitList, a.AllUnits, a.Active,
        a.LockedUntil is { } until && until > now.ToUnixTimeMilliseconds(), a.Language,
        DateTimeOffset.FromUnixTimeMilliseconds(a.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(a.UpdatedAt))
    {
        LastSignInAt = a.LastSignInAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
    };
}

/// <summary>Shape rules shared by creating and updating accounts.</summary>
internal static class AccountRules
{
    public static void Profile<T>(AbstractValidator<T> v, Func<T, string?> displayName, Func<T, IReadOnlyList<string>?> roles,
        Func<T, IReadOnlyList<string>?> units, Func<T, bool> allUnits, UnitDirectory directory)
    {
        v.RuleFor(x => displayName(x)).NotEmpty().MaximumLength(50).PlainText().OverridePropertyName("displayName");
        v.RuleFor(x => roles(x)).NotEmpty().OverridePropertyName("roles");
        v.RuleForEach(x => roles(x)).Must(r => Roles.All.Contains(r)).WithErrorCode(ValidationCodes.Role).WithMessage("'{PropertyValue}' is not a role (Intake, Handler, Supervisor, Admin, Auditor).").OverridePropertyName("roles");
        v.RuleForEach(x => units(x))
            .MustAsync(async (code, ct) => (await directory.GetAsync(ct)).Contains(code)).WithErrorCode(ValidationCodes.KnownUnit).WithMessage("'{PropertyValue}' is not a unit code.")
            .OverridePropertyName("units");
        v.RuleFor(x => units(x)).NotEmpty()
            .When(x => roles(x)?.Contains(Roles.Handler) == true || (!allUnits(x) && roles(x)?.Any(r => r is Roles.Intake or Roles.Supervisor) == true))
            .WithErrorCode(ValidationCodes.AccountUnits).WithMessage("A handler needs units; an intake or supervisor account needs units or allUnits.")
            .OverridePropertyName("units");
    }

    public static void Password<T>(AbstractValidator<T> v, Func<T, string?> password) =>
        v.RuleFor(x => password(x)).NotEmpty().MinimumLength(UserAccounts.MinPasswordLength).MaximumLength(256).OverridePropertyName("password");
}

public static class ListUsers
{
    [Authorize(SecurityRoles.Admin)]
    public sealed record Query : IRequest<IReadOnlyList<UserView>>;

    public sealed class Handler(UserAccounts accounts, Domain.Common.IClock clock) : IRequestHandler<Query, IReadOnlyList<UserView>>
    {
        public async Task<IReadOnlyList<UserView>> Handle(Query request, CancellationToken cancellationToken) =>
            (await accounts.ListAsync(cancellationToken)).Select(a => UserView.From(a, clock.UtcNow)).ToList();
    }
}

public static class GetUser
{
    [Authorize(SecurityRoles.Admin)]
    public sealed record Query(string Username) : IRequest<UserView>;

    public sealed class Handler(UserAccounts accounts, Domain.Common.IClock clock) : IRequestHandler<Query, UserView>
    {
        public async Task<UserView> Handle(Query request, CancellationToken cancellationToken) =>
            UserView.From(await accounts.FindAsync(request.Username, cancellationToken) ?? throw new NotFoundException($"User {request.Username} was not found."), clock.UtcNow);
    }
}

public static class CreateUser
{
    [Authorize(SecurityRoles.Admin)]
    public sealed record Command(string? Username, string? DisplayName, string? Password, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Units, bool AllUnits, string? Language) : IRequest<UserView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UnitDirectory units)
        {
            RuleFor(c => c.Username).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$").WithErrorCode(ValidationCodes.Username).WithMessage("'Username' may hold letters, digits, '.', '_' and '-'.");
            AccountRules.Profile(this, c => c.DisplayName, c => c.Roles, c => c.Units, c => c.AllUnits, units);
            AccountRules.Password(this, c => c.Password);
            RuleFor(c => c.Language).Must(l => l is null or "zh-CN" or "en").WithErrorCode(ValidationCodes.Language).WithMessage("'Language' is zh-CN or en.");
        }
    }

    public sealed class Handler(UserAccounts accounts, SecurityLog log, ICurrentUserAccessor users, Domain.Common.IClock clock) : IRequestHandler<Command, UserView>
    {
        public async Task<UserView> Handle(Command request, CancellationToken cancellationToken)
        {
            var account = new UserAccount
            {
                Username = request.Username!.Trim(),
                DisplayName = request.DisplayName!.Trim(),
                Roles = UserAccount.Join(request.Roles!),
                Units = UserAccount.Join(request.Units ?? []),
                AllUnits = request.AllUnits,
                Language = request.Language,
            };
            if (!await accounts.CreateAsync(account, request.Password!, cancellationToken))
            {
                throw new ConflictException(ConflictRules.UsernameTaken, $"The username {account.Username} is taken.");
            }

            var admin = (await users.GetAsync(cancellationToken))!.Username;
            await log.WriteAsync(account.Username, SecurityLog.Events.UserCreated, $"by {admin}; roles {account.Roles}", cancellationToken: cancellationToken);
            return UserView.From((await accounts.FindAsync(account.Username, cancellationToken))!, clock.UtcNow);
        }
    }
}

public static class UpdateUser
{
    [Authorize(SecurityRoles.Admin)]
    public sealed record Command : IRequest<UserView>
    {
        [System.Text.Json.Serialization.JsonIgnore] public string Username { get; init; } = "";
        public string? DisplayName { get; init; }
        public IReadOnlyList<string>? Roles { get; init; }
        public IReadOnlyList<string>? Units { get; init; }
        public bool AllUnits { get; init; }
        public bool Active { get; init; } = true;
        public string? Language { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UnitDirectory units)
        {
            AccountRules.Profile(this, c => c.DisplayName, c => c.Roles, c => c.Units, c => c.AllUnits, units);
            RuleFor(c => c.Language).Must(l => l is null or "zh-CN" or "en").WithErrorCode(ValidationCodes.Language).WithMessage("'Language' is zh-CN or en.");
        }
    }

    public sealed class Handler(UserAccounts accounts, SecurityLog log, ICurrentUserAccessor users, Domain.Common.IClock clock) : IRequestHandler<Command, UserView>
    {
        public async Task<UserView> Handle(Command request, CancellationToken cancellationToken)
        {
            var admin = (await users.GetAsync(cancellationToken))!;
            if (admin.Username == request.Username && (!request.Active || !(request.Roles?.Contains(Roles.Admin) ?? false)))
            {
                throw new ConflictException(ConflictRules.CannotDemoteSelf, "Administrators cannot deactivate themselves or drop their own Admin role.");
            }

            var updated = await accounts.UpdateProfileAsync(request.Username, request.DisplayName!.Trim(), UserAccount.Join(request.Roles!),
                UserAccount.Join(request.Units ?? []), request.AllUnits, request.Active, request.Language, cancellationToken);
            if (!updated) throw new NotFoundException($"User {request.Username} was not found.");
            await log.WriteAsync(request.Username, SecurityLog.Events.UserUpdated,
                $"by {admin.Username}; roles {UserAccount.Join(request.Roles!)}; active {request.Active}", cancellationToken: cancellationToken);
            return UserView.From((await accounts.FindAsync(request.Username, cancellationToken))!, clock.UtcNow);
        }
    }
}

public static class ResetPassword
{
    [Authorize(SecurityRoles.Admin)]
    public sealed record Command : IRequest<MediatR.Unit>
    {
        [System.Text.Json.Serialization.JsonIgnore] public string Username { get; init; } = "";
        public string? Password { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => AccountRules.Password(this, c => c.Password);
    }

    public sealed class Handler(UserAccounts accounts, SecurityLog log, ICurrentUserAccessor users) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            if (!await accounts.SetPasswordAsync(request.Username, request.Password!, cancellationToken))
            {
                throw new NotFoundException($"User {request.Username} was not found.");
            }

            var admin = (await users.GetAsync(cancellationToken))!.Username;
            await log.WriteAsync(request.Username, SecurityLog.Events.PasswordReset, $"by {admin}", cancellationToken: cancellationToken);
            return MediatR.Unit.Value;
        }
    }
}
