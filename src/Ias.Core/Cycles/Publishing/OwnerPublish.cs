using Ias.Core.Cycles.Records;
using Ias.Core.Git;

namespace Ias.Core.Cycles.Publishing;

/// <summary>
/// The publisher of a run's owner (a consolidated sprint plan, a bug run): opens or updates the owner's draft PR, as an
/// [INCOMPLETE] draft when <paramref name="incomplete"/>, for <paramref name="run"/> as it is now.
/// </summary>
public delegate PublishOutcome OwnerPublish(RunSnapshot run, bool incomplete);
