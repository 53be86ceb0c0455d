/** What to know before approving a change set or a job (a value its picklist does not offer), one note each. */
export function Notes({ notes }: { notes?: string[] }) {
  return (
    <>
      {notes?.map((note) => (
        <p key={note} className="note" role="note">
          {note}
        </p>
      ))}
    </>
  );
}
