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
using Petitions.Domain.Units;

namespace Petitions.Application.Features.Units;

/// <summary>The editable profile of a unit, shared by creating and updating.</summary>
public abstract record UnitProfileInput
{
    public string? Name { get; init; }
    public string? ParentCode { get; init; }
    public string? Kind { get; init; }
    public int SortOrder { get; init; }
    public bool Active { get; init; } = true;
    public string? ContactPerson { get; init; }
    public string? ContactPhone { get; init; }
    public string? ResponsiblePerson { get; init; }
    public int RectificationDays { get; init; } = 30;

    public UnitChange ToChange() => new(Name!.Trim(), InputRules.TrimOrNull(ParentCode),
        Enum.Parse<UnitKind>(Kind!, ignoreCase: true), SortOrder, Active, InputRules.TrimOrNull(ContactPerson), InputRules.TrimOrNull(ContactPhone), InputRules.TrimOrNull(ResponsiblePerson), RectificationDays);
}

internal static class UnitProfileRules
{
    public static void Apply<T>(AbstractValidator<T> v, UnitDirectory units) where T : UnitProfileInput
    {
        v.RuleFor(x => x.Name).NotEmpty().MaximumLength(50).PlainText();
        v.RuleFor(x => x.Kind).NotEmpty().IsEnumName(typeof(UnitKind), caseSensitive: false);
        v.RuleFor(x => x.ParentCode)
            .MustAsync(async (code, ct) => (await units.GetAsync(ct)).Contains(code!)).WithErrorCode(ValidationCodes.KnownUnit).WithMessage("'Parent Code' must be a known unit code.")
            .When(x => !string.IsNullOrWhiteSpace(x.ParentCode));
        v.RuleFor(x => x.ContactPerson).MaximumLength(50).PlainText();
        v.RuleFor(x => x.ContactPhone).MaximumLength(30).PlainText();
        v.RuleFor(x => x.ResponsiblePerson).MaximumLength(50).PlainText();
        v.RuleFor(x => x.RectificationDays).InclusiveBetween(1, 365);
        v.RuleFor(x => x.SortOrder).InclusiveBetween(0, 100_000);
    }
}

/// <summary>POST /api/units: an administrator adds a unit (e.g. a department such as 生态环境厅). Codes are permanent.</summary>
public static class CreateUnit
{
    [Authorize(Roles.Admin)]
    public sealed record Command : UnitProfileInput, IRequest<UnitView>
    {
        public string? Code { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UnitDirectory units)
        {
            RuleFor(c => c.Code).NotEmpty().Matches("^[A-Za-z0-9]{2,20}$").WithErrorCode(ValidationCodes.UnitCode).WithMessage("'Code' is 2 to 20 letters or digits.");
            UnitProfileRules.Apply(this, units);
        }
    }

    public sealed class Handler(IGrainFactory grains, UnitDirectory units) : IRequestHandler<Command, UnitView>
    {
        public async Task<UnitView> Handle(Command request, CancellationToken cancellationToken)
        {
            var result = await grains.GetGrain<IResponsibleUnitGrain>(request.Code!.Trim()).Create(request.ToChange());
            if (result.Violation is { } violation) throw new ConflictException(violation.Rule, violation.Message);
            units.Invalidate();
            return UnitView.From(result.Unit!, await units.GetAsync(cancellationToken));
        }
    }
}

/// <summary>PUT /api/units/{code}: rename, move (never under its own subtree), deactivate, edit contacts and defaults.</summary>
public static class UpdateUnit
{
    [Authorize(Roles.Admin)]
    public sealed record Command : UnitProfileInput, IRequest<UnitView>, IUnitRequest
    {
        [JsonIgnore] public string UnitCode { get; init; } = "";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UnitDirectory units)
        {
            UnitProfileRules.Apply(this, units);
            RuleFor(c => c.ParentCode)
                .MustAsync(async (command, parent, ct) => !(await units.GetAsync(ct)).Subtree(command.UnitCode).Contains(parent!))
                .WithErrorCode(ValidationCodes.UnitCycle).WithMessage("A unit cannot be moved under itself or one of its own subordinate units.")
                .When(c => !string.IsNullOrWhiteSpace(c.ParentCode));
        }
    }

    public sealed class Handler(IGrainFactory grains, UnitDirectory units) : IRequestHandler<Command, UnitView>
    {
        public async Task<UnitView> Handle(Command request, CancellationToken cancellationToken)
        {
            var result = await grains.GetGrain<IResponsibleUnitGrain>(request.UnitCode).Update(request.ToChange());
            if (result.Violation is { } violation) throw new RuleViolationException(violation);
            units.Invalidate();
            return UnitView.From(result.Unit!, await units.GetAsync(cancellationToken));
        }
    }
}
