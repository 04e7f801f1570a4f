using System.Text.Json.Serialization;
using FluentValidation;
using Petitions.Application.Common.Validation;
using MediatR;
using Orleans;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Features.Petitions;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Repeats;

/// <summary>POST /api/petitions/{caseNo}/repeat-of {caseNo, reason}: intake links a near match as the original.</summary>
public static class LinkRepeatOf
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    [Sends(CaseCommandKind.LinkRepeat)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        /// <summary>The original case (the body's "caseNo").</summary>
        [JsonPropertyName("caseNo")] public string? OriginalCaseNo { get; init; }
        public string? Reason { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.OriginalCaseNo).NotEmpty().MaximumLength(30).OverridePropertyName("caseNo");
            RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender, IGrainFactory grains) : IRequestHandler<Command, PetitionView>
    {
        public async Task<PetitionView> Handle(Command request, CancellationToken cancellationToken)
        {
            var originalNo = request.OriginalCaseNo!.Trim();
            var original = await grains.GetGrain<IPetitionCaseGrain>(originalNo).Get()
                           ?? throw new InvalidFieldException("caseNo", ValidationCodes.KnownCase, $"Case {originalNo} does not exist.");
            // Links form stars around an original, never chains or cycles.
            if (original.RepeatOf is { } itsOriginal)
            {
                throw new RuleViolationException(new RuleViolation(ConflictRules.LinkToTheOriginal, ViolationKind.Conflict,
                    $"{originalNo} is itself a repeat of {itsOriginal}: link to {itsOriginal} instead."), request.CaseNo);
            }

            return await sender.SendAsync(request, new LinkRepeatCommand(originalNo, request.Reason!.Trim(), Automatic: false), cancellationToken);
        }
    }
}

/// <summary>DELETE /api/petitions/{caseNo}/repeat-of {reason}: intake removes a wrong repeat link (on the timeline).</summary>
public static class UnlinkRepeatOf
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    [Sends(CaseCommandKind.UnlinkRepeat)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? Reason { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new UnlinkRepeatCommand(request.Reason!.Trim()), cancellationToken);
    }
}
