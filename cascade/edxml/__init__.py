"""edXML (QCVN 102:2016/BTTTT): the message document-management systems exchange, built
from a stored task's document and read back from an incoming message."""
