using FluentValidation;
using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Features.Imports.History;

namespace Petitions.Application.Features.Imports;

/// <summary>Which kind of import an id belongs to.</summary>
public enum ImportKind { Handover, History }

/// <summary>A committed import: cases registered now, and rows that were registered before (nothing twice).</summary>
public sealed record ImportCommitted(string ImportId, ImportKind Kind, int Registered, int Existing);

/// <summary>
/// POST /api/imports/{importId}/commit, for every kind of import: the store that knows the id decides which commit runs,
/// and that commit's own roles apply (a handover list: intake or supervisor; a legacy ledger: an administrator only).
/// An id no store knows is a handover list's 404.
/// </summary>
public static class CommitImport
{
    [Authorize(Roles.Intake, Roles.Supervisor, Roles.Admin)]
    public sealed record CommitImportRequest(string ImportId) : IRequest<ImportCommitted>;

    public sealed class Validator : AbstractValidator<CommitImportRequest>
    {
        public Validator() => RuleFor(r => r.ImportId).NotEmpty().MaximumLength(64).OverridePropertyName("importId");
    }

    public sealed class Handler(IHistoryImportStore history, IMediator mediator) : IRequestHandler<CommitImportRequest, ImportCommitted>
    {
        public async Task<ImportCommitted> Handle(CommitImportRequest request, CancellationToken cancellationToken)
        {
            // Sent through the pipeline again: the kind's own [Authorize] and validation apply.
            if (await history.FindAsync(request.ImportId, cancellationToken) is not null)
            {
                var done = await mediator.Send(new CommitHistoryImport.CommitHistoryImportRequest(request.ImportId), cancellationToken);
                return new ImportCommitted(done.ImportId, ImportKind.History, done.Registered, done.Existing);
            }

            var committed = await mediator.Send(new CommitHandoverImport.CommitHandoverImportRequest(request.ImportId), cancellationToken);
            return new ImportCommitted(committed.ImportId, ImportKind.Handover, committed.Registered, committed.Existing);
        }
    }
}
