using MediatR;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Features.Admin;

/// <summary>
/// POST /api/admin/keys/rotate: a new key for sealing complainant identities, in force from now on. Identities
/// sealed under older keys stay readable; <see cref="ReencryptIdentities"/> rewrites them under the new key. 409
/// KeyRotatedRecently while the key in force is younger than Keys:RotationCooldownSeconds (60).
/// </summary>
public static class RotateIdentityKey
{
    [Authorize(Roles.Admin)]
    public sealed record Command : IRequest<IdentityKeyStatus>;

    public sealed class Handler(IIdentityKeyRing ring) : IRequestHandler<Command, IdentityKeyStatus>
    {
        public Task<IdentityKeyStatus> Handle(Command request, CancellationToken cancellationToken)
        {
            return Task.FromResult(ring.Rotate());
        }
    }
}
