Console.WriteLine(Ias.Core.Cycles.Machines.Mermaid());
