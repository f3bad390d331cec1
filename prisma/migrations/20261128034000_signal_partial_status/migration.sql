-- A bot alert where some accounts traded and others failed is neither executed nor failed: PARTIAL.
-- Its own row traded nothing itself; each account's execution row keeps that account's outcome.
ALTER TYPE "SignalStatus" ADD VALUE 'PARTIAL' AFTER 'EXECUTED';
