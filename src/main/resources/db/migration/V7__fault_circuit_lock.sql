-- One row per circuit that has had a fault report: reports on the same circuit lock it in their
-- transaction, so two reports handled at the same moment (two consumers, two hub instances)
-- cannot both open a ticket; the second sees the first's ticket.
CREATE TABLE fault_circuit_lock (
    circuit_no  VARCHAR(30) PRIMARY KEY
);
