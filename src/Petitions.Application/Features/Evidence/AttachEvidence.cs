using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Evidence;

namespace Petitions.Application.Features.Evidence;

/// <summary>
/// POST /api/petitions/{caseNo}/attachments: a file (附件) for the case file or for one of its steps. The bytes are
/// checked first (present, not empty, within the size limit, of an accepted type by content, a plain file name), then
/// the case (the step exists, the case stays within its total, the caller may act on that step), and only then
/// stored — once per content hash — and recorded on the case's timeline. A refused upload leaves nothing behind.
/// </summary>
public static class AttachEvidence
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    [Sends(CaseCommandKind.AttachEvidence)]
    public sealed record Command : ICaseActionRequest, IRequest<Result>
    {
        public string CaseNo { get; init; } = "";
        public string? IdempotencyKey { get; init; }
        public int? ExpectedVersion { get; init; }
        /// <summary>The uploaded file's name (the multipart part's file name).</summary>
        public string? FileName { get; init; }
        /// <summary>The bytes, or null when the request carried no file part.</summary>
        public byte[]? Content { get; init; }
        public string? AttachTo { get; init; }
    }

    /// <summary>The attachment, the case's version after it, and whether this request attached it (false: a retry's answer).</summary>
    public sealed record Result(AttachmentView Attachment, int Version, bool Created);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(EvidenceOptions options)
        {
            RuleFor(c => c.Content).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Send the file as the multipart field 'file'.")
                .Must(c => c!.Length > 0).WithErrorCode(ValidationCodes.EvidenceEmpty).WithMessage("The file is empty.")
                .Must(c => c!.Length <= options.MaxFileBytes).WithErrorCode(ValidationCodes.EvidenceTooLarge)
                .WithMessage($"A file is at most {options.MaxFileBytes / (1024 * 1024)} MB.")
                .Must(c => EvidenceTypes.Sniff(c!) is not null).WithErrorCode(ValidationCodes.EvidenceType)
                .WithMessage("Only photos (JPEG, PNG, GIF, WebP), PDF and Office documents are accepted; the type is told by the content.")
                .OverridePropertyName("file");
            RuleFor(c => c.FileName).Must(n => EvidenceNames.Problem(n) is null).When(c => c.Content is not null)
                .OverridePropertyName("file").WithErrorCode(ValidationCodes.EvidenceName).WithMessage(c => EvidenceNames.Problem(c.FileName)!);
            RuleFor(c => c.AttachTo).Must(t => EvidenceTarget.Parse(t) is not null).WithErrorCode(ValidationCodes.OneOf)
                .WithMessage("'attachTo' is registration, site-visit:{no}, result, result:{no}, callback:{no}, review:{no}, look-back:{no} or case.");
        }
    }

    public sealed class Handler(CaseReader cases, ICurrentUserAccessor users, UnitDirectory units, IClock clock, CaseCommandSender sender,
        IEvidenceStore store, EvidenceOptions options) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var petitionCase = await cases.GetAsync(request.CaseNo) ?? throw new NotFoundException($"Case {request.CaseNo} was not found.");
            var target = EvidenceTarget.Parse(request.AttachTo)!.Value;
            EnsureMayAttach(user, await units.GetAsync(cancellationToken), petitionCase, target);

            var id = AttachmentId(user, request);
            if (petitionCase.Attachments.FirstOrDefault(a => a.Id == id) is { } earlier)
            {
                return new Result(AttachmentView.From(earlier), petitionCase.Version, Created: false);
            }

            var content = request.Content!;
            var type = EvidenceTypes.Sniff(content)!;
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
            var command = new AttachEvidenceCommand(id, EvidenceNames.Normalise(request.FileName!, type), content.LongLength, sha256,
                type.ContentType, target, options.MaxCaseBytes);

            // Decided on the state just read before any byte is stored: a refusal leaves no blob behind.
            var dryRun = PetitionRules.Decide(petitionCase, command, CommandContext.For(new Actor(user.Username, user.DisplayName), clock.UtcNow));
            if (dryRun.Violation is { } violation) throw new RuleViolationException(violation, request.CaseNo);

            await store.PutAsync(sha256, content, cancellationToken);
            var after = await sender.ExecuteAsync(request.CaseNo, command, request.IdempotencyKey, request.ExpectedVersion, cancellationToken);
            var attached = after.Attachments.FirstOrDefault(a => a.Id == id)
                           ?? throw new InvalidOperationException($"Case {request.CaseNo} accepted attachment {id} but does not list it.");
            return new Result(AttachmentView.From(attached), after.Version, Created: true);
        }

        /// <summary>
        /// Who may attach to a step is who may take that step (intake the registration, the lead or co-unit's handler a
        /// site visit…): the same declarations the case's allowed actions come from. The case file in general takes files
        /// from anyone who works the case.
        /// </summary>
        private static void EnsureMayAttach(CurrentUser user, UnitTree tree, PetitionCase petitionCase, EvidenceTarget target)
        {
            var requirement = target.Kind switch
            {
                EvidenceTargetKind.Case => new AuthorizeAttribute(Roles.CaseWorkers),
                EvidenceTargetKind.Registration => RegistrationRequirement,
                EvidenceTargetKind.SiteVisit => CaseActionPermissions.ByKind[CaseCommandKind.SiteVisit],
                EvidenceTargetKind.Result => CaseActionPermissions.ByKind[CaseCommandKind.Result],
                EvidenceTargetKind.Callback => CaseActionPermissions.ByKind[CaseCommandKind.Callback],
                _ => new AuthorizeAttribute(Roles.Supervisor),
            };
            var outcome = CaseAccess.Check(requirement, user, tree, petitionCase);
            if (outcome != CaseAccessOutcome.Allowed)
            {
                throw new ForbiddenException($"Only those who may do that step may attach files to {target}.");
            }
        }

        private static readonly AuthorizeAttribute RegistrationRequirement =
            (AuthorizeAttribute)Attribute.GetCustomAttribute(typeof(RegisterPetition.Command), typeof(AuthorizeAttribute))!;

        /// <summary>
        /// With an Idempotency-Key the id is derived from it (user, case, key): a retry finds the attachment its first
        /// attempt made and stores nothing again. Without one every upload is a new attachment.
        /// </summary>
        private static string AttachmentId(CurrentUser user, Command request) => request.IdempotencyKey is { } key
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Username}|{request.CaseNo}|{key}")))[..24]
            : Guid.NewGuid().ToString("N")[..24];
    }
}
