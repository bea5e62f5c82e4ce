export function App() {
  return (
    <main className="min-h-screen bg-slate-950 text-slate-100 p-6">
      <h1 className="text-xl font-semibold" data-testid="app.title">PacketPath</h1>
    </main>
  );
}
