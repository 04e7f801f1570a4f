using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Behaviors;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Stats;
using Petitions.Domain.Common;
using Petitions.Host.Security;

namespace Petitions.Host.Composition;

public static class ApplicationServices
{
    /// <summary>
    /// MediatR 5.1 by hand: the service factory, the mediator, every handler found by scanning, and the behaviors in
    /// pipeline order (the first registered runs outermost): logging → authorization → validation → handler.
    /// Authorization comes before validation so that a caller who may not act learns nothing from field errors.
    /// </summary>
    public static IServiceCollection AddPetitionsApplication(this IServiceCollection services)
    {
        var application = typeof(RegisterPetition).Assembly;
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
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<SecurityLog>();
        services.AddSingleton<RoundCatalog>();
        services.AddSingleton<Petitions.Application.Features.Rounds.RoundWriter>();
        services.AddScoped<UnitDirectory>();
        services.AddScoped<CaseCommandSender>();
        services.AddScoped<CaseReader>();
        services.AddScoped<Petitions.Application.Features.Repeats.RepeatFinder>();
        services.AddScoped<Petitions.Application.Features.Supervision.LookBackReviewReader>();
        services.AddScoped<CompletionStatistics>();

        services.AddHttpContextAccessor();
        services.AddScoped<CompositeCurrentUserAccessor>();
        services.AddScoped<ICurrentUserAccessor>(sp => sp.GetRequiredService<CompositeCurrentUserAccessor>());
        services.AddScoped<IRequestOrigin>(sp => sp.GetRequiredService<CompositeCurrentUserAccessor>());
        services.AddScoped<Petitions.Application.Features.Auth.SignIn.PasswordCheck>();
        services.AddSingleton<JwtTokens>();
        services.AddSingleton<ITokenIssuer>(sp => sp.GetRequiredService<JwtTokens>());
        services.AddSingleton<AccountBootstrapper>();
        return services;
    }
}
