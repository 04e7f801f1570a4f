using Petitions.Domain.Cases;

namespace Petitions.Demo;

/// <summary>One command of a case's life, with the name that makes its idempotency key (demo:{caseNo}:{name}).</summary>
public sealed record DemoStep(string Name, Actor Actor, Func<DemoStepContext, CaseCommand> Command);
