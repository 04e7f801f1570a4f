using Petitions.Application.Common.Validation;
using FluentValidation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Features.Users;

/// <summary>A signed-in user chooses the language of their user interface (zh-CN or en), kept on the account.</summary>
public static class SetLanguage
{
    public static readonly IReadOnlyList<string> Supported = ["zh-CN", "en"];

    [Authorize]
    public sealed record Command(string? Language) : IRequest<MediatR.Unit>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Language).NotEmpty().Must(l => Supported.Contains(l!)).WithErrorCode(ValidationCodes.Language).WithMessage("'Language' is zh-CN or en.");
    }

    public sealed class Handler(UserAccounts accounts, ICurrentUserAccessor users) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await users.GetAsync(cancellationToken) ?? throw new UnauthenticatedException("Sign in first.");
            await accounts.SetLanguageAsync(user.Username, request.Language!, cancellationToken);
            return MediatR.Unit.Value;
        }
    }
}
