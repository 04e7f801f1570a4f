using FluentValidation;
using MediatR;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Audit;

/// <summary>
/// GET /api/admin/reveals?from=&amp;to=&amp;user=&amp;caseNo=: every reveal of a complainant across cases — who, when, which
/// case, why — newest first, for auditors and administrators. The identity itself is never part of the answer.
/// Dates are China calendar days (yyyy-MM-dd), both inclusive.
/// </summary>
public static class ListReveals
{
    public const int MaxEntries = 1000;

    [Authorize(Roles.Auditor, Roles.Admin)]
    public sealed record Query : IRequest<IReadOnlyList<RevealLogEntry>>
    {
        public string? From { get; init; }
        public string? To { get; init; }
        public string? User { get; init; }
        public string? CaseNo { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.From).MustBeDate();
            RuleFor(q => q.To).MustBeDate().MustNotPrecede(q => q.From);
            RuleFor(q => q.User).MaximumLength(64).PlainText();
            RuleFor(q => q.CaseNo).MaximumLength(64).PlainText();
        }
    }

    public sealed class Handler(IRevealLog log) : IRequestHandler<Query, IReadOnlyList<RevealLogEntry>>
    {
        public async Task<IReadOnlyList<RevealLogEntry>> Handle(Query request, CancellationToken cancellationToken)
        {
            var from = QueryValues.Date(request.From) is { } f ? ChinaTime.StartOfDay(f) : (DateTimeOffset?)null;
            var to = QueryValues.Date(request.To) is { } t ? ChinaTime.StartOfDay(t.AddDays(1)) : (DateTimeOffset?)null;
            var records = await log.ListAsync(
                new RevealLogFilter(from, to, QueryValues.Text(request.User), QueryValues.Text(request.CaseNo), MaxEntries), cancellationToken);
            return records.Select(r => new RevealLogEntry(r.CaseNo, r.RevealedAt, r.ActorId, r.ActorName, r.Reason)).ToList();
        }
    }
}

/// <summary>One reveal in the log: the case, when, the user (id and name) and the reason they gave.</summary>
public sealed record RevealLogEntry(string CaseNo, DateTimeOffset RevealedAt, string User, string UserName, string? Reason);
