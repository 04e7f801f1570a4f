using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Common;
using Petitions.Application.Common.Behaviors;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Auth;
using Petitions.Application.Features.Repeats;
using Petitions.Application.Features.Stats;
using Petitions.Application.Features.Supervision;
using Petitions.Domain.Common;

namespace Petitions.Application;

public static class ApplicationServices
{
    /// <summary>
    /// The use cases and what they need, except the ports the Infrastructure implements (stores, read model) and the
    /// current user (the host knows who calls). MediatR 5.1 by hand: the service factory, the mediator, every handler
    /// of this assembly, and the behaviors in pipeline order (the first registered runs outermost):
    /// logging → authorization → validation → handler. Authorization comes before validation so that a caller who may
    /// not act learns nothing from field errors.
    /// </summary>
    public static IServiceCollection AddPetitionsApplication(this IServiceCollection services)
    {
        var application = typeof(ApplicationServices).Assembly;
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.Scan(scan => scan.FromAssemblies(application)
            .AddClasses(c => c.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false).AsImplementedInterfaces().WithScopedLifetime());
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddValidatorsFromAssembly(application, ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped(typeof(IValidator<>), typeof(Petitions.Application.Common.Validation.NoNullElementsValidator<>));
        // One message per field: the first failing rule of each property (e.g. "must not be empty", not also "too short").
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;

        services.AddSingleton<IClock, SystemClock>();
        services.AddSingleton<SecretStore>();
        services.AddSingleton<PhoneHasher>();
        services.AddSingleton<QueryCodes>();
        services.AddScoped<Petitions.Application.Features.Public.PublicCaseAccess>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<SecurityLog>();
        services.AddSingleton<RoundCatalog>();
        services.AddScoped<UnitDirectory>();
        services.AddScoped<CaseCommandSender>();
        services.AddScoped<CaseReader>();
        services.AddScoped<RepeatFinder>();
        services.AddScoped<LookBackReviewReader>();
        services.AddScoped<CompletionStatistics>();
        services.AddScoped<SignIn.PasswordCheck>();
        services.AddScoped<Petitions.Application.Features.Rectification.LedgerAccess>();
        services.AddSingleton<Petitions.Application.Features.Rectification.RectificationImporter>();
        return services;
    }
}
