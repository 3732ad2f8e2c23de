using Ias.Core.Config;

namespace Ias.Core.Jobs.Store;

/// <summary>One backend of the job queue: its ias.queue.backend name, whether runners on other checkouts share it, and how a checkout opens it.</summary>
/// <param name="Backend">The value the config holds for it.</param>
/// <param name="Name">How ias.queue.backend spells it.</param>
/// <param name="Shared">Whether runners on other checkouts share its queue (the team's questions then live there too).</param>
/// <param name="Open">Opens the store for the checkout at the given root under its configuration; the caller disposes what it returns.</param>
public sealed record QueueBackendEntry(QueueBackend Backend, string Name, bool Shared, Func<string, LoaConfig, QueueStores> Open);
