using MediatR;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Security;
using Petitions.Application.Features.Petitions;

namespace Petitions.Host.Batch;

/// <summary>POST /api/petitions/batch/assign: assign every listed case to the same lead unit (and co-units, due date).</summary>
public sealed record BatchAssignRequest
{
    public IReadOnlyList<string?>? CaseNos { get; init; }
    public string? LeadUnit { get; init; }
    public IReadOnlyList<string>? CoUnits { get; init; }
    public DateTimeOffset? DueAt { get; init; }
}

/// <summary>POST /api/petitions/batch/accept: the lead unit's handler accepts every listed case.</summary>
public sealed record BatchAcceptRequest
{
    public IReadOnlyList<string?>? CaseNos { get; init; }
}

/// <summary>POST /api/petitions/batch/supervise: the same supervision notice (督办通知) to every listed case.</summary>
public sealed record BatchSuperviseRequest
{
    public IReadOnlyList<string?>? CaseNos { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset? ReplyDueAt { get; init; }
}

/// <summary>POST /api/petitions/batch/export: the listed cases as an .xlsx, with the case list's columns.</summary>
public sealed record BatchExportRequest
{
    public IReadOnlyList<string?>? CaseNos { get; init; }
}

/// <summary>The answer of a batch export: a result per case and the file of the cases found (base64, no complainant data).</summary>
public sealed record BatchExportResponse(IReadOnlyList<BatchCaseResult> Results, BatchExportFile File);

public sealed record BatchExportFile(string Name, string ContentType, string ContentBase64);

/// <summary>
/// Who runs a batch and how its requests are sent: the API sends through the request's mediator, a page through the
/// circuit's (each request in its own scope). Everything else is the same code.
/// </summary>
public sealed record BatchContext(
    CurrentUser? User,
    IServiceProvider Services,
    Func<IRequest<PetitionView>, CancellationToken, Task<PetitionView>> Send,
    Func<ListPetitions.Query, CancellationToken, Task<PagedResult<CaseListItem>>> List,
    ILogger Logger);

/// <summary>The batch actions, each on top of its one-by-one request (<see cref="CaseBatch"/> says how).</summary>
public static class BatchActions
{
    public static async Task<BatchActionResponse> AssignAsync(BatchAssignRequest body, string? batchKey, BatchContext context, CancellationToken cancellationToken)
    {
        CaseBatch.AuthorizeRoles<AssignPetition.Command>(context.User);
        var caseNos = CaseBatch.CaseNumbers(body.CaseNos);
        var template = new AssignPetition.Command { LeadUnit = body.LeadUnit, CoUnits = body.CoUnits, DueAt = body.DueAt };
        await CaseBatch.ValidateAsync(context.Services, template, cancellationToken);
        return await CaseBatch.RunAsync(caseNos,
            caseNo => context.Send((AssignPetition.Command)template.Addressed(caseNo, CaseBatch.CaseKey(batchKey, caseNo), null), cancellationToken),
            context.Logger, cancellationToken);
    }

    public static async Task<BatchActionResponse> AcceptAsync(BatchAcceptRequest body, string? batchKey, BatchContext context, CancellationToken cancellationToken)
    {
        CaseBatch.AuthorizeRoles<AcceptPetition.Command>(context.User);
        var caseNos = CaseBatch.CaseNumbers(body.CaseNos);
        return await CaseBatch.RunAsync(caseNos,
            caseNo => context.Send(new AcceptPetition.Command(caseNo, CaseBatch.CaseKey(batchKey, caseNo)), cancellationToken),
            context.Logger, cancellationToken);
    }

    public static async Task<BatchActionResponse> SuperviseAsync(BatchSuperviseRequest body, string? batchKey, BatchContext context, CancellationToken cancellationToken)
    {
        CaseBatch.AuthorizeRoles<SupervisePetition.Command>(context.User);
        var caseNos = CaseBatch.CaseNumbers(body.CaseNos);
        var template = new SupervisePetition.Command { Note = body.Note, ReplyDueAt = body.ReplyDueAt };
        await CaseBatch.ValidateAsync(context.Services, template, cancellationToken);
        return await CaseBatch.RunAsync(caseNos,
            caseNo => context.Send((SupervisePetition.Command)template.Addressed(caseNo, CaseBatch.CaseKey(batchKey, caseNo), null), cancellationToken),
            context.Logger, cancellationToken);
    }

    /// <summary>The cases found, as the list shows them to the caller; the file is built by the caller (in its language).</summary>
    public static async Task<(BatchActionResponse Response, IReadOnlyList<CaseListItem> Rows)> ExportAsync(BatchExportRequest body, BatchContext context, CancellationToken cancellationToken)
    {
        CaseBatch.AuthorizeRoles<ListPetitions.Query>(context.User);
        var caseNos = CaseBatch.CaseNumbers(body.CaseNos);
        return await CaseBatch.FindAsync(caseNos, query => context.List(query, cancellationToken), context.Logger, cancellationToken);
    }
}
