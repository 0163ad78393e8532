/** The header of a table's last column, where each row's buttons sit: named for screen readers, blank on screen. */
export const ActionsHeader = () => (
  <th>
    <span className="visually-hidden">Azioni</span>
  </th>
);
