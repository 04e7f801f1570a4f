using Petitions.Domain.Cases;
using System.Text.Json.Serialization;
using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;

namespace Petitions.Application.Features.Petitions;

/// <summary>POST /api/petitions/{caseNo}/supervision/{no}/reply: the lead unit's handler answers supervision notice number {no}.</summary>
public static class ReplySupervisionNotice
{
    [Authorize(Roles.Handler, HandlerMustLead = true)]
    [Sends(CaseCommandKind.ReplyNotice)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        /// <summary>The notice's number on the case (from the route).</summary>
        [JsonIgnore] public int NoticeNo { get; init; }
        public string? Reply { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.NoticeNo).GreaterThan(0);
            RuleFor(c => c.Reply).RequiredText(InputRules.ReplyLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new ReplySupervisionNoticeCommand(request.NoticeNo, request.Reply!.Trim()), cancellationToken);
    }
}
