using System.Text.Json.Serialization;
using FluentValidation;
using Petitions.Application.Common.Validation;
using MediatR;
using Orleans;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Contracts.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Units;

/// <summary>POST /api/units/{code}/supervision: a supervisor issues a supervision notice (督办通知) to a unit.</summary>
public static class IssueUnitNotice
{
    [Authorize(Roles.Supervisor)]
    public sealed record Command : IRequest<UnitView>, IUnitRequest
    {
        [JsonIgnore] public string UnitCode { get; init; } = "";
        public string? Note { get; init; }
        public DateTimeOffset? ReplyDueAt { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.Note).RequiredText(InputRules.ReplyLength);
            RuleFor(c => c.ReplyDueAt).FutureDeadline(clock);
        }
    }

    public sealed class Handler(IGrainFactory grains, ICurrentUserAccessor users, UnitDirectory units) : IRequestHandler<Command, UnitView>
    {
        public async Task<UnitView> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var result = await grains.GetGrain<IResponsibleUnitGrain>(request.UnitCode)
                .IssueNotice(request.Note!.Trim(), request.ReplyDueAt, new Actor(user.Username, user.DisplayName));
            if (result.Violation is { } violation) throw new RuleViolationException(violation);
            return UnitView.From(result.Unit!, await units.GetAsync(cancellationToken));
        }
    }
}

/// <summary>POST /api/units/{code}/supervision/{no}/reply: the unit's handler answers a supervision notice.</summary>
public static class ReplyUnitNotice
{
    [Authorize(Roles.Handler)]
    public sealed record Command : IRequest<UnitView>, IUnitRequest
    {
        [JsonIgnore] public string UnitCode { get; init; } = "";
        [JsonIgnore] public int NoticeNo { get; init; }
        public string? Reply { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reply).RequiredText(InputRules.ReplyLength);
    }

    public sealed class Handler(IGrainFactory grains, ICurrentUserAccessor users, UnitDirectory units) : IRequestHandler<Command, UnitView>
    {
        public async Task<UnitView> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var result = await grains.GetGrain<IResponsibleUnitGrain>(request.UnitCode)
                .ReplyNotice(request.NoticeNo, request.Reply!.Trim(), new Actor(user.Username, user.DisplayName));
            if (result.Violation is { } violation) throw new RuleViolationException(violation);
            return UnitView.From(result.Unit!, await units.GetAsync(cancellationToken));
        }
    }
}
