using MediatR;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Features.Demo;

/// <summary>What GET /api/demo/status answers: how far the demo data load is (no case data).</summary>
public sealed record DemoStatus(
    string State, string? Phase, int Total, int Registered, int Completed, long Commands, long Replayed, int Failures,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double? ElapsedSeconds)
{
    public const string Disabled = "Disabled";
    public const string Waiting = "Waiting";
    public const string Loading = "Loading";
    public const string Done = "Completed";
    public const string Failed = "Failed";
}

/// <summary>How far the demo data load is (provided by the host's demo loader).</summary>
public interface IDemoProgress
{
    DemoStatus Status();
}

/// <summary>GET /api/demo/status: the demo data load's progress. Public: it names no case and no person.</summary>
public static class GetDemoStatus
{
    [AllowAnonymous]
    public sealed record Query : IRequest<DemoStatus>;

    public sealed class Handler(IDemoProgress progress) : IRequestHandler<Query, DemoStatus>
    {
        public Task<DemoStatus> Handle(Query request, CancellationToken cancellationToken) => Task.FromResult(progress.Status());
    }
}
